from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Blueprint, Flask, jsonify
from flask_cors import CORS, cross_origin

app = Flask(__name__)
# ruleid: py-cors-wildcard-credentials
CORS(app, supports_credentials=True)

api = Blueprint("api", __name__)
# ruleid: py-cors-wildcard-credentials
CORS(api, origins="*", supports_credentials=True)

admin = Blueprint("admin", __name__)
# ruleid: py-cors-wildcard-credentials
CORS(admin, resources={r"/admin/*": {"origins": "*"}}, supports_credentials=True)

public = Blueprint("public", __name__)
# ok: py-cors-wildcard-credentials
CORS(public)

partners = Blueprint("partners", __name__)
# ok: py-cors-wildcard-credentials
CORS(partners, origins=["https://partner.example.com"], supports_credentials=True)

reports = Blueprint("reports", __name__)
# ok: py-cors-wildcard-credentials
CORS(reports, resources={r"/reports/*": {"origins": ["https://app.example.com"]}}, supports_credentials=True)


@app.get("/me")
# ruleid: py-cors-wildcard-credentials
@cross_origin(origins=["https://app.example.com", "*"], supports_credentials=True)
def me():
    return jsonify(user="alice")


@app.get("/status")
# ok: py-cors-wildcard-credentials
@cross_origin(origins="*")
def status():
    return jsonify(ok=True)


service = FastAPI()
# ruleid: py-cors-wildcard-credentials
service.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
)

internal = FastAPI()
# ok: py-cors-wildcard-credentials
internal.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)
# ok: py-cors-wildcard-credentials
internal.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
