import ast
import importlib
import json

from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()


@app.get("/calc")
def calc():
    expr = request.args.get("expr", "0")
    # ruleid: py-code-injection-request-data
    result = eval(expr)
    # ok: py-code-injection-request-data
    literal = ast.literal_eval(expr)
    return jsonify(result=result, literal=literal)


@app.post("/hooks")
def run_hook():
    body = request.get_json()
    code = "def hook(event):\n    " + body["code"]
    namespace = {}
    # ruleid: py-code-injection-request-data
    exec(compile(code, "<hook>", "exec"), namespace)
    # ok: py-code-injection-request-data
    exec("import math", namespace)
    return jsonify(ok=True)


def formula_for(column, op):
    return f"row['{column}'] {op} 0"


def django_filter(request):
    expression = formula_for(request.GET["column"], request.GET["op"])
    rows = [{"a": 1}]
    # ruleid: py-code-injection-request-data
    kept = [row for row in rows if eval(expression, {"row": row})]
    # ruleid: py-code-injection-request-data
    plugin = importlib.import_module(request.GET["plugin"])
    # ok: py-code-injection-request-data
    config = json.loads(request.body)
    return JsonResponse({"kept": kept, "plugin": plugin.__name__, "config": config})


@api.post("/eval")
async def api_eval(expression: str):
    # ruleid: py-code-injection-request-data
    return {"value": eval(expression, {"__builtins__": {}})}
