import logging
import os

from flask import Flask, jsonify

app = Flask(__name__)
admin = Flask("admin")


@app.get("/health")
def health():
    return jsonify(status="ok")


def configure(debug_from_env: bool):
    # ruleid: py-flask-debug-enabled
    app.config["DEBUG"] = True
    # ruleid: py-flask-debug-enabled
    admin.config.update(DEBUG=True, TESTING=False)
    # ruleid: py-flask-debug-enabled
    app.debug = True
    # ok: py-flask-debug-enabled
    app.config["DEBUG"] = debug_from_env
    # ok: py-flask-debug-enabled
    app.config["TESTING"] = True
    handler = logging.StreamHandler()
    # ok: py-flask-debug-enabled
    handler.debug = True


def serve_admin():
    # ok: py-flask-debug-enabled
    admin.run(host="127.0.0.1", port=5001, debug=False)
    # ok: py-flask-debug-enabled
    admin.run(debug=os.environ.get("FLASK_DEBUG") == "1")


if __name__ == "__main__":
    # ruleid: py-flask-debug-enabled
    app.run(host="0.0.0.0", port=8080, debug=True)
