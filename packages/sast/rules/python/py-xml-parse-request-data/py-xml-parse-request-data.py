import xml.etree.ElementTree as ET
from xml.dom import minidom

import defusedxml.ElementTree as SafeET
from django.http import JsonResponse
from fastapi import FastAPI, Request
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
api = FastAPI()
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@app.post("/invoices")
def import_invoice():
    # ruleid: py-xml-parse-request-data
    root = ET.fromstring(request.data)
    # ok: py-xml-parse-request-data
    safe_root = SafeET.fromstring(request.data)
    return jsonify(total=root.findtext("total"), same=safe_root.findtext("total"))


@app.post("/feeds")
def import_feed():
    upload = request.files["feed"]
    # ruleid: py-xml-parse-request-data
    tree = etree.parse(upload)
    body = request.get_data()
    # ok: py-xml-parse-request-data
    hardened = etree.fromstring(body, SAFE_PARSER)
    return jsonify(items=len(tree.getroot()), hardened=len(hardened))


def parse_settings(text):
    # ruleid: py-xml-parse-request-data
    return minidom.parseString(text)


def django_settings(request):
    doc = parse_settings(request.body)
    return JsonResponse({"nodes": len(doc.childNodes)})


@api.post("/soap")
async def soap(req: Request):
    payload = await req.body()
    # ok: py-xml-parse-request-data
    envelope = SafeET.fromstring(payload)
    return {"tag": envelope.tag}


@api.post("/soap/legacy")
async def soap_legacy(request: Request):
    payload = await request.body()
    # ruleid: py-xml-parse-request-data
    envelope = etree.fromstring(payload)
    return {"tag": envelope.tag}
