import shlex
import subprocess
import subprocess as sp
import sys
from subprocess import Popen

BACKUP_CMD = "pg_dump --format=custom appdb > /var/backups/app.dump"


def convert(src: str, width: int) -> None:
    # ruleid: py-subprocess-shell-non-literal
    subprocess.run(f"convert {src} -resize {width} out.png", shell=True, check=True)


def archive(folder):
    cmd = "tar -czf /tmp/out.tgz " + folder
    # ruleid: py-subprocess-shell-non-literal
    return subprocess.check_output(cmd, shell=True)


def grep_logs(pattern, logfile="/var/log/app.log"):
    # ruleid: py-subprocess-shell-non-literal
    proc = subprocess.Popen("grep '%s' %s" % (pattern, logfile), shell=True, stdout=subprocess.PIPE)
    out, _ = proc.communicate()
    # ruleid: py-subprocess-shell-non-literal
    subprocess.call(args="wc -l {}".format(logfile), shell=True)
    return out


def aliased(host, pattern):
    # ruleid: py-subprocess-shell-non-literal
    sp.run("ping -c 1 " + host, shell=True)
    # ruleid: py-subprocess-shell-non-literal
    return Popen(f"grep {pattern} /var/log/syslog", shell=True)


def safe_variants(folder, pattern):
    # ok: py-subprocess-shell-non-literal
    subprocess.run(["tar", "-czf", "/tmp/out.tgz", folder], check=True)
    # ok: py-subprocess-shell-non-literal
    subprocess.run("ls -la /var/log | wc -l", shell=True)
    # ok: py-subprocess-shell-non-literal
    subprocess.run(BACKUP_CMD, shell=True, check=True)
    # ok: py-subprocess-shell-non-literal
    subprocess.check_call(f"grep {pattern} /var/log/app.log", shell=False)
    # ok: py-subprocess-shell-non-literal
    subprocess.check_call(
        "find /tmp -name '*.tmp' "
        "-mtime +7 -delete",
        shell=True,
    )
    # ok: py-subprocess-shell-non-literal
    subprocess.run(["git", "log", "--oneline"], shell=False, cwd=folder)


if __name__ == "__main__":
    # ruleid: py-subprocess-shell-non-literal
    subprocess.run(
        "echo " + shlex.join(sys.argv[1:]),
        shell=True,
    )
