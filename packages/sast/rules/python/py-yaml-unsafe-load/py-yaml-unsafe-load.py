import yaml
from ruamel.yaml import YAML
from yaml import FullLoader, safe_load
from yaml import load as yaml_load


def load_config(path):
    with open(path) as fh:
        # ruleid: py-yaml-unsafe-load
        return yaml.load(fh)


def parse_manifest(text: str):
    # ruleid: py-yaml-unsafe-load
    manifest = yaml.load(text, Loader=yaml.Loader)
    # ruleid: py-yaml-unsafe-load
    docs = list(yaml.load_all(text, yaml.UnsafeLoader))
    # ruleid: py-yaml-unsafe-load
    full = yaml.load(text, Loader=yaml.FullLoader)
    return manifest, docs, full


def import_pipeline(body: bytes):
    # ruleid: py-yaml-unsafe-load
    pipeline = yaml.unsafe_load(body)
    # ruleid: py-yaml-unsafe-load
    steps = yaml.full_load(body)
    # ruleid: py-yaml-unsafe-load
    legacy = YAML(typ="unsafe").load(body)
    return pipeline, steps, legacy


def aliased(text: str):
    # ruleid: py-yaml-unsafe-load
    data = yaml_load(text, Loader=FullLoader)
    # ok: py-yaml-unsafe-load
    same = safe_load(text)
    return data, same


def safe_loaders(text: str):
    # ok: py-yaml-unsafe-load
    a = yaml.safe_load(text)
    # ok: py-yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: py-yaml-unsafe-load
    c = yaml.load(text, Loader=yaml.CSafeLoader)
    # ok: py-yaml-unsafe-load
    d = list(yaml.safe_load_all(text))
    # ok: py-yaml-unsafe-load
    e = YAML(typ="safe").load(text)
    # ok: py-yaml-unsafe-load
    out = yaml.dump(a, Dumper=yaml.Dumper)
    return a, b, c, d, e, out
