import os

# ruleid: py-hardcoded-password-assignment
DB_PASSWORD = "Sup3rS3cret!"
# ruleid: py-hardcoded-password-assignment
STRIPE_API_KEY = 'stripe-9f8e7d6c5b4a3f2e1d0c'
# ok: py-hardcoded-password-assignment
GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
# ok: py-hardcoded-password-assignment
SLACK_BOT_TOKEN = os.getenv("SLACK_BOT_TOKEN")
# ok: py-hardcoded-password-assignment
PASSWORD_ENV_VAR = "DB_PASSWORD"
# ok: py-hardcoded-password-assignment
AWS_SECRET = "AWS_SECRET_ACCESS_KEY"
# ok: py-hardcoded-password-assignment
TOKEN_URL = "https://auth.example.com/oauth/token"
# ok: py-hardcoded-password-assignment
password = ""
# ok: py-hardcoded-password-assignment
ACCESS_KEY = "aws_access_key_id"
# ok: py-hardcoded-password-assignment
NOPASSWORD = "no-password-required"
PAGINATION = {
    # ok: py-hardcoded-password-assignment
    "input_token": "next_marker",
    # ok: py-hardcoded-password-assignment
    "output_token": "marker",
}
# ruleid: py-hardcoded-password-assignment
POSTGRES_PASSWORD = "postgres"


class MailSettings:
    # ruleid: py-hardcoded-password-assignment
    smtp_password = "mailpass2024"
    # ok: py-hardcoded-password-assignment
    password_field = "password"
    # ok: py-hardcoded-password-assignment
    token_header = "X-Auth-Token"


def connect(config: dict, client):
    # ruleid: py-hardcoded-password-assignment
    config["redis_password"] = "r3d1s-pass"
    # ruleid: py-hardcoded-password-assignment
    client.access_token = "gh-0a1b2c3d4e5f6a7b8c9d0e1f"
    # ok: py-hardcoded-password-assignment
    client.access_token = config.get("access_token")
    # ruleid: py-hardcoded-password-assignment
    payload = {"username": "deploy", "password": "d3pl0y-2024"}
    # A comment inside a Python dict hides the entries after it from the engine (docs/sast.md).
    login = {
        # todoruleid: py-hardcoded-password-assignment
        "password": "d3pl0y-2024",
        "username": "deploy",
    }
    # ok: py-hardcoded-password-assignment
    labels = {"password": "Enter your password", "token": "{token}"}
    # ok: py-hardcoded-password-assignment
    prompt_password = "Password"
    # ok: py-hardcoded-password-assignment
    api_key = "<your-api-key>"
    # ok: py-hardcoded-password-assignment
    SECRET_KEY = "reported-by-the-secret-key-rule"
    return payload, labels, prompt_password, api_key, SECRET_KEY
