import urllib.request
from urllib.parse import quote

import httpx
import requests
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()
http = requests.Session()
redis_client = None


@app.post("/webhooks/test")
def test_webhook():
    target = request.json["url"]
    # ruleid: py-ssrf-request-data
    resp = requests.post(target, json={"event": "ping"}, timeout=5)
    return jsonify(status=resp.status_code)


@app.get("/preview")
def preview():
    host = request.args.get("host")
    url = "http://" + host + "/status"
    # ruleid: py-ssrf-request-data
    with urllib.request.urlopen(url, timeout=3) as fh:
        body = fh.read(1024)
    user = request.args.get("user", "")
    # ok: py-ssrf-request-data
    profile = requests.get("https://api.github.com/users/" + quote(user), timeout=5)
    # ok: py-ssrf-request-data
    repos = requests.get(f"https://api.github.com/users/{user}/repos", timeout=5)
    # ok: py-ssrf-request-data
    fixed = requests.get("https://status.example.com/health", params={"q": user})
    return jsonify(body=body.decode(), profile=profile.json(), repos=repos.json(), fixed=fixed.ok)


def fetch_avatar(avatar_url):
    # ruleid: py-ssrf-request-data
    return http.get(avatar_url, timeout=5).content


def django_avatar(request):
    data = fetch_avatar(request.POST["avatar_url"])
    return JsonResponse({"size": len(data)})


@api.get("/proxy")
async def proxy(target: str):
    async with httpx.AsyncClient() as client:
        # ruleid: py-ssrf-request-data
        r = await client.get(target)
    return {"status": r.status_code}


@app.get("/cache")
def cached():
    key = request.args["key"]
    http_responses = {200: "OK"}
    # ok: py-ssrf-request-data
    reason = http_responses.get(key)
    # ok: py-ssrf-request-data
    value = redis_client.get(key)
    return jsonify(reason=reason, value=value)
