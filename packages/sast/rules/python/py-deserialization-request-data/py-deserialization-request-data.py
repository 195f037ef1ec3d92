import base64
import json
import pickle

import yaml
from django.http import JsonResponse
from fastapi import FastAPI, Request
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()


@app.post("/session/restore")
def restore():
    blob = base64.b64decode(request.cookies.get("state", ""))
    # ruleid: py-deserialization-request-data
    state = pickle.loads(blob)
    # ok: py-deserialization-request-data
    prefs = json.loads(request.cookies.get("prefs", "{}"))
    return jsonify(state=state, prefs=prefs)


@app.post("/pipelines")
def import_pipeline():
    text = request.get_data(as_text=True)
    # ruleid: py-deserialization-request-data
    pipeline = yaml.load(text, Loader=yaml.Loader)
    # ruleid: py-deserialization-request-data
    legacy = yaml.load(text)
    # ok: py-deserialization-request-data
    safe = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: py-deserialization-request-data
    safer = yaml.safe_load(text)
    return jsonify(pipeline=pipeline, legacy=legacy, safe=safe, safer=safer)


def load_upload(fileobj):
    # ruleid: py-deserialization-request-data
    return pickle.load(fileobj)


def django_upload(request):
    model = load_upload(request.FILES["model"])
    return JsonResponse({"type": type(model).__name__})


@api.post("/jobs")
async def submit_job(req: Request):
    payload = await req.body()
    # ok: py-deserialization-request-data
    job = json.loads(payload)
    return {"job": job}


@api.post("/jobs/legacy")
async def submit_legacy(request: Request):
    raw = await request.body()
    # ruleid: py-deserialization-request-data
    job = pickle.loads(raw)
    return {"job": str(job)}
