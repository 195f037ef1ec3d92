import html

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, jsonify, make_response, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)
api = FastAPI()


@app.route("/search")
def search():
    q = request.args.get("q", "")
    # ruleid: py-xss-request-data
    return f"<h2>Results for {q}</h2>"


@app.route("/search/safe")
def search_safe():
    q = request.args.get("q", "")
    # ok: py-xss-request-data
    return f"<h2>Results for {escape(q)}</h2>"


@app.get("/profile")
def profile():
    bio = request.args["bio"]
    # ruleid: py-xss-request-data
    badge = Markup("<span class='bio'>%s</span>" % bio)
    # ok: py-xss-request-data
    rendered = render_template("profile.html", bio=bio, badge=badge)
    # ruleid: py-xss-request-data
    resp = make_response("<p>" + bio + "</p>")
    # ok: py-xss-request-data
    api_resp = make_response(jsonify(bio=bio))
    # ok: py-xss-request-data
    return {"bio": bio, "html": rendered, "resp": resp.status, "api": api_resp.status}


def greeting_html(name):
    return "<b>Welcome, {}</b>".format(name)


def django_welcome(request):
    name = request.GET.get("name", "")
    # ruleid: py-xss-request-data
    banner = mark_safe(greeting_html(name))
    # ok: py-xss-request-data
    safe_banner = format_html("<b>Welcome, {}</b>", name)
    # ruleid: py-xss-request-data
    response = HttpResponse(f"<div>{banner}{name}</div>")
    # ok: py-xss-request-data
    text = HttpResponse(name, content_type="text/plain")
    # ok: py-xss-request-data
    data = JsonResponse({"name": name, "banner": safe_banner})
    # ok: py-xss-request-data
    escaped = HttpResponse("<p>" + html.escape(name) + "</p>")
    return response or text or data or escaped


@api.get("/widget", response_class=HTMLResponse)
async def widget(title: str):
    # ruleid: py-xss-request-data
    return HTMLResponse(content=f"<h3>{title}</h3>")
