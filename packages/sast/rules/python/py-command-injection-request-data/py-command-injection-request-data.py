import os
import shlex
import subprocess
import subprocess as sp
from os import system as run_shell

from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()


@app.post("/tools/ping")
def ping():
    host = request.form["host"]
    # ruleid: py-command-injection-request-data
    out = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    # ok: py-command-injection-request-data
    safe = subprocess.check_output("ping -c 1 " + shlex.quote(host), shell=True)
    # ok: py-command-injection-request-data
    listed = subprocess.run(["ping", "-c", "1", host], capture_output=True)
    return jsonify(out=out.decode(), safe=safe.decode(), rc=listed.returncode)


@app.get("/tools/convert")
def convert():
    src, fmt = request.args["src"], request.args.get("fmt", "png")
    cmd = "convert %s out.%s" % (src, fmt)
    # ruleid: py-command-injection-request-data
    os.system(cmd)
    parts = ["tar", "-czf", "/tmp/out.tgz"]
    parts.append(request.args["dir"])
    # ruleid: py-command-injection-request-data
    sp.call(" ".join(parts), shell=True)
    tool = request.args.get("tool")
    # ruleid: py-command-injection-request-data
    subprocess.run([tool, "--version"])
    return "ok"


def archive_cmd(name):
    return "zip -r /tmp/{}.zip /srv/data".format(name)


def django_backup(request):
    cmd = archive_cmd(request.POST.get("name"))
    # ruleid: py-command-injection-request-data
    run_shell(cmd)
    # ok: py-command-injection-request-data
    os.system("zip -r /tmp/backup.zip /srv/data")
    return HttpResponse("started")


@api.get("/dns/{domain}")
def dns(domain: str, retries: int = 1):
    # ruleid: py-command-injection-request-data
    proc = subprocess.Popen("dig +short " + domain, shell=True, stdout=subprocess.PIPE)
    # ok: py-command-injection-request-data
    subprocess.run(f"sleep {int(retries)}", shell=True)
    return {"answer": proc.communicate()[0].decode()}


@api.get("/whois")
def whois(record_type: str, domain: str):
    # ruleid: py-command-injection-request-data
    return {"out": subprocess.getoutput(f"dig {record_type} {domain} +short")}


@api.get("/trace")
def trace(hops: int, target: str):
    # ruleid: py-command-injection-request-data
    return {"out": subprocess.getoutput("traceroute -m %d %s" % (hops, target))}
