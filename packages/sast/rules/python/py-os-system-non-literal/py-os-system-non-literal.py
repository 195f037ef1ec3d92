import asyncio
import os
import subprocess
from os import popen

CLEANUP = "rm -rf /tmp/build-cache"


def ping(host: str) -> int:
    # ruleid: py-os-system-non-literal
    return os.system("ping -c 1 " + host)


def disk_usage(path):
    # ruleid: py-os-system-non-literal
    with os.popen(f"du -sh {path}") as fh:
        return fh.read()


def git_branch(repo):
    cmd = "git -C %s rev-parse --abbrev-ref HEAD" % repo
    # ruleid: py-os-system-non-literal
    return subprocess.getoutput(cmd)


async def compress(name):
    # ruleid: py-os-system-non-literal
    proc = await asyncio.create_subprocess_shell(f"gzip -k {name}")
    await proc.wait()
    loop = asyncio.get_running_loop()
    # ruleid: py-os-system-non-literal
    await loop.subprocess_shell(asyncio.SubprocessProtocol, "bzip2 " + name)


def free_memory(unit):
    # ruleid: py-os-system-non-literal
    return popen("free -" + unit).read()


def fixed_commands():
    # ok: py-os-system-non-literal
    os.system("clear")
    # ok: py-os-system-non-literal
    os.system(CLEANUP)
    # ok: py-os-system-non-literal
    status, out = subprocess.getstatusoutput("uname -a")
    # ok: py-os-system-non-literal
    os.makedirs(os.path.join("/tmp", "x"), exist_ok=True)
    return status, out
