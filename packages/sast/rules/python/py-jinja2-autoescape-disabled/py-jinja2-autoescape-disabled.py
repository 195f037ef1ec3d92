import jinja2
from jinja2 import Environment, FileSystemLoader, PackageLoader, select_autoescape

# ruleid: py-jinja2-autoescape-disabled
pages = Environment(loader=FileSystemLoader("templates"))

# ruleid: py-jinja2-autoescape-disabled
emails = jinja2.Environment(loader=PackageLoader("shop", "emails"), autoescape=False)


def build_env(path, settings):
    # ruleid: py-jinja2-autoescape-disabled
    env = Environment(
        loader=FileSystemLoader(path),
        trim_blocks=True,
    )
    # ok: py-jinja2-autoescape-disabled
    configured = Environment(**settings)
    return env, configured


# ok: py-jinja2-autoescape-disabled
site = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))

# ok: py-jinja2-autoescape-disabled
admin = jinja2.Environment(loader=FileSystemLoader("admin"), autoescape=True)

# ok: py-jinja2-autoescape-disabled
loader = jinja2.FileSystemLoader("templates")
