import sqlite3

from django.db import connection
from django.http import JsonResponse
from fastapi import Depends, FastAPI
from flask import Flask, jsonify, request
from psycopg2 import sql
from sqlalchemy import text

from .db import get_session
from .models import Product

app = Flask(__name__)
api = FastAPI()


def get_db():
    return sqlite3.connect("shop.db")


@app.route("/users")
def list_users():
    name = request.args.get("name", "")
    cur = get_db().cursor()
    # ruleid: py-sqli-request-data
    cur.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    # ok: py-sqli-request-data
    cur.execute("SELECT id, email FROM users WHERE name = ?", (name,))
    return jsonify(cur.fetchall())


@app.post("/orders/search")
def search_orders():
    payload = request.get_json()
    status, sort = payload["status"], payload.get("sort", "id")
    query = "SELECT * FROM orders WHERE status = '%s'" % status
    cur = get_db().cursor()
    # ruleid: py-sqli-request-data
    cur.execute(query)
    clauses = []
    clauses.append("ORDER BY {}".format(sort))
    # ruleid: py-sqli-request-data
    cur.execute("SELECT * FROM orders " + " ".join(clauses))
    limit = int(payload.get("limit", 10))
    # ok: py-sqli-request-data
    cur.execute(f"SELECT * FROM orders LIMIT {limit}")
    return jsonify(cur.fetchall())


def build_filter(column, value):
    return f"{column} = '{value}'"


def django_products(request):
    category = request.GET["category"]
    where = build_filter("category", category)
    # ruleid: py-sqli-request-data
    rows = Product.objects.raw("SELECT * FROM shop_product WHERE " + where)
    with connection.cursor() as cursor:
        # ok: py-sqli-request-data
        cursor.execute("SELECT count(*) FROM shop_product WHERE category = %s", [category])
        table = request.POST.get("table")
        # ok: py-sqli-request-data
        cursor.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
    return JsonResponse({"count": len(list(rows))})


@api.get("/reports/{region}")
async def report(region: str, session=Depends(get_session)):
    # ruleid: py-sqli-request-data
    result = await session.execute(text(f"SELECT * FROM sales WHERE region = '{region}'"))
    # ok: py-sqli-request-data
    same = await session.execute(text("SELECT * FROM sales WHERE region = :r"), {"r": region})
    return {"rows": result.all(), "same": same.all()}


@api.get("/items/{item_id}")
def read_item(item_id: int, q: str = "", db=Depends(get_session)) -> dict:
    # ruleid: py-sqli-request-data
    rows = db.execute(text("SELECT * FROM items WHERE id = :id AND name LIKE '%" + q + "%'"), {"id": item_id})
    # ok: py-sqli-request-data
    same = db.execute(text("SELECT * FROM items WHERE id = :id AND name LIKE :q"), {"id": item_id, "q": f"%{q}%"})
    return {"rows": rows.all(), "same": same.all()}
