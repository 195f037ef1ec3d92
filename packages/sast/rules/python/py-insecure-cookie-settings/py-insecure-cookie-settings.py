import os

from django.conf import settings
from django.http import JsonResponse
from flask import Flask, make_response

# ruleid: py-insecure-cookie-settings
SESSION_COOKIE_SECURE = False
# ruleid: py-insecure-cookie-settings
CSRF_COOKIE_SECURE = False
# ok: py-insecure-cookie-settings
SESSION_COOKIE_HTTPONLY = True
# ok: py-insecure-cookie-settings
CSRF_COOKIE_HTTPONLY = False
# ok: py-insecure-cookie-settings
SESSION_COOKIE_SECURE = os.environ.get("HTTPS_ONLY", "1") == "1"

app = Flask(__name__)
# ruleid: py-insecure-cookie-settings
app.config["SESSION_COOKIE_HTTPONLY"] = False
# ruleid: py-insecure-cookie-settings
app.config.update(SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=False)
# ok: py-insecure-cookie-settings
app.config["SESSION_COOKIE_SECURE"] = True


@app.post("/login")
def login():
    resp = make_response({"ok": True})
    # ruleid: py-insecure-cookie-settings
    resp.set_cookie("auth", "token-value", secure=False, httponly=True)
    # ruleid: py-insecure-cookie-settings
    resp.set_cookie("remember", "1", max_age=3600, httponly=False)
    # ok: py-insecure-cookie-settings
    resp.set_cookie("theme", "dark", secure=True, httponly=True, samesite="Lax")
    return resp


def django_view(request):
    response = JsonResponse({"ok": True})
    # ok: py-insecure-cookie-settings
    response.set_cookie("sessionid", request.session.session_key, secure=True, httponly=True)
    # ruleid: py-insecure-cookie-settings
    settings.SESSION_COOKIE_SECURE = False
    # ok: py-insecure-cookie-settings
    debug = False
    return response
