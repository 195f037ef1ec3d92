# A tiny Flask service with classic mistakes. Vulnerable on purpose: see examples/README.md.
import pickle
import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)
DATABASE_URL = "postgresql://app:S3cr3t-Pa55w0rd-2019@db.internal:5432/app"


@app.route("/user")
def user():
    conn = sqlite3.connect("app.db")
    # SQL injection through an f-string.
    rows = conn.execute(f"SELECT * FROM users WHERE name = '{request.args['name']}'").fetchall()
    return {"rows": rows}


@app.route("/convert")
def convert():
    # Command injection: shell=True with request input.
    out = subprocess.check_output("convert " + request.args["file"] + " out.png", shell=True)
    return out


@app.route("/session", methods=["POST"])
def session():
    # Insecure deserialisation of a request body.
    return {"data": repr(pickle.loads(request.data))}


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
