import os
import subprocess
import tempfile
from tempfile import mktemp


def render_pdf(html: str) -> bytes:
    # ruleid: py-tempfile-mktemp
    path = tempfile.mktemp(suffix=".html")
    with open(path, "w") as fh:
        fh.write(html)
    # ruleid: py-tempfile-mktemp
    out = mktemp(suffix=".pdf", dir="/tmp")
    subprocess.run(["wkhtmltopdf", path, out], check=True)
    with open(out, "rb") as fh:
        return fh.read()


def safe_temp(data: bytes):
    # ok: py-tempfile-mktemp
    fd, path = tempfile.mkstemp(suffix=".bin")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    # ok: py-tempfile-mktemp
    with tempfile.NamedTemporaryFile(delete=False) as tmp:
        tmp.write(data)
    # ok: py-tempfile-mktemp
    workdir = tempfile.mkdtemp(prefix="job-")
    return path, tmp.name, workdir
