import os
import stat
from pathlib import Path

UPLOAD_DIR = Path("/srv/app/uploads")


def save_upload(name: str, data: bytes) -> Path:
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    target = UPLOAD_DIR / name
    target.write_bytes(data)
    # ruleid: py-chmod-world-writable
    os.chmod(target, 0o777)
    return target


def prepare_dirs():
    # ruleid: py-chmod-world-writable
    os.makedirs("/var/run/app/sockets", mode=0o766, exist_ok=True)
    # ruleid: py-chmod-world-writable
    Path("/var/log/app/app.log").chmod(0o666)
    # ruleid: py-chmod-world-writable
    os.chmod("/etc/app/hooks.sh", stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)


def correct_permissions(path: str):
    # ok: py-chmod-world-writable
    os.chmod(path, 0o640)
    # ok: py-chmod-world-writable
    os.chmod(path, 0o755)
    # ok: py-chmod-world-writable
    os.makedirs("/var/lib/app", mode=0o750, exist_ok=True)
    # ok: py-chmod-world-writable
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
