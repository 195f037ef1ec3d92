import os
import shutil
from pathlib import Path

from django.http import FileResponse as DjangoFileResponse
from django.http import HttpResponse
from fastapi import FastAPI
from fastapi.responses import FileResponse
from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
REPORTS_DIR = "/srv/app/reports"
UPLOADS = Path("/srv/app/uploads")


@app.get("/reports/download")
def download_report():
    name = request.args.get("name")
    path = os.path.join(REPORTS_DIR, name)
    # ruleid: py-path-traversal-request-data
    return send_file(path, as_attachment=True)


@app.get("/reports/view")
def view_report():
    name = request.args["name"]
    # ruleid: py-path-traversal-request-data
    with open(f"{REPORTS_DIR}/{name}.txt") as fh:
        text = fh.read()
    # ok: py-path-traversal-request-data
    with open(os.path.join(REPORTS_DIR, secure_filename(name))) as fh:
        text += fh.read()
    # ok: py-path-traversal-request-data
    return send_from_directory(REPORTS_DIR, name) if text else ""


@app.post("/uploads")
def upload():
    f = request.files["file"]
    target = UPLOADS / f.filename
    # ruleid: py-path-traversal-request-data
    target.write_bytes(f.read())
    # ok: py-path-traversal-request-data
    (UPLOADS / secure_filename(f.filename)).write_bytes(b"")
    old, new = request.form["old"], request.form["new"]
    # ruleid: py-path-traversal-request-data
    shutil.move(os.path.join(UPLOADS, old), os.path.join(UPLOADS, os.path.basename(new)))
    # ok: py-path-traversal-request-data
    label = new.replace("-", "_")
    return label


@app.get("/exports")
def export():
    job = {"format": "csv", "name": request.args["name"]}
    names = [job["name"], "summary"]
    # ruleid: py-path-traversal-request-data
    with open(os.path.join(REPORTS_DIR, names[0] + "." + job["format"])) as fh:
        return fh.read()


def resolve_user_file(user_dir, filename):
    return os.path.join("/srv/app/users", user_dir, filename)


def django_delete(request):
    path = resolve_user_file(request.user.username, request.POST["filename"])
    # ruleid: py-path-traversal-request-data
    os.remove(path)
    return HttpResponse(status=204)


def django_avatar(request):
    # ruleid: py-path-traversal-request-data
    return DjangoFileResponse(open("/srv/app/avatars/" + request.GET["file"], "rb"))


@api.get("/static/{file_path:path}")
async def static(file_path: str):
    # ruleid: py-path-traversal-request-data
    return FileResponse(f"/srv/app/static/{file_path}")
