import os

from flask import Flask

# ruleid: py-hardcoded-secret-key
SECRET_KEY = "django-insecure-8f#k2!q9w0z@x1m$u7p3r6t"

app = Flask(__name__)
# ruleid: py-hardcoded-secret-key
app.secret_key = 'b5c2e1f0a9d84c7e'
# ruleid: py-hardcoded-secret-key
app.config["SECRET_KEY"] = "super-secret-value"
# ruleid: py-hardcoded-secret-key
app.config.update(JSON_SORT_KEYS=False, JWT_SECRET_KEY="jwt-signing-key")
# ruleid: py-hardcoded-secret-key
app.config["WTF_CSRF_SECRET_KEY"] = os.environ.get("CSRF_KEY", "dev-csrf-key")


class ProductionConfig:
    # ruleid: py-hardcoded-secret-key
    SECRET_KEY = os.getenv("SECRET_KEY", "fallback-key-123")
    # ok: py-hardcoded-secret-key
    SQLALCHEMY_DATABASE_URI = "postgresql://localhost/app"


class EnvConfig:
    # ok: py-hardcoded-secret-key
    SECRET_KEY = os.environ["SECRET_KEY"]
    # ok: py-hardcoded-secret-key
    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY")


def configure(secret_from_vault: str):
    # ok: py-hardcoded-secret-key
    app.secret_key = secret_from_vault
    # ok: py-hardcoded-secret-key
    app.config["SECRET_KEY"] = os.getenv("SECRET_KEY", "")
    # ok: py-hardcoded-secret-key
    app.config["SESSION_COOKIE_NAME"] = "sid"
    # ok: py-hardcoded-secret-key
    SECRET_KEY_ENV_VAR = "DJANGO_SECRET_KEY"
    return SECRET_KEY_ENV_VAR


class ConfigNames:
    # ok: py-hardcoded-secret-key
    SECRET_KEY = "aws_secret_access_key"
    # ok: py-hardcoded-secret-key
    JWT_SECRET_KEY = "JWT_SECRET_KEY"
