from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
api = FastAPI()


@app.post("/login")
def login():
    next_url = request.args.get("next", "/")
    # ruleid: py-open-redirect-request-data
    return redirect(next_url)


@app.get("/go")
def go():
    target = request.args["to"]
    # ok: py-open-redirect-request-data
    home = redirect(url_for("dashboard", tab=target))
    order_id = request.args["order"]
    # ok: py-open-redirect-request-data
    order = redirect("/orders/" + order_id)
    # ok: py-open-redirect-request-data
    receipt = redirect(f"/orders/{order_id}/receipt")
    # ruleid: py-open-redirect-request-data
    out = redirect("https://" + target)
    return home or order or receipt or out


def next_or_default(value, default="/"):
    return value or default


def django_logout(request):
    target = next_or_default(request.GET.get("next"))
    # ruleid: py-open-redirect-request-data
    return HttpResponseRedirect(target)


def django_login(request):
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        # ok: py-open-redirect-request-data
        return django_redirect(next_url)
    # ok: py-open-redirect-request-data
    return django_redirect("accounts:home")


@api.get("/oauth/callback")
async def oauth_callback(state: str, code: str):
    # ruleid: py-open-redirect-request-data
    return RedirectResponse(url=state)
