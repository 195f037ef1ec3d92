import sqlite3

import pandas as pd
import psycopg2
from django.db import connection
from django.db.models.expressions import RawSQL
from sqlalchemy import text

from .models import Order, User


def find_user(conn: sqlite3.Connection, username: str):
    cur = conn.cursor()
    # ruleid: py-sqli-formatted-query
    cur.execute(f"SELECT id, email FROM users WHERE username = '{username}'")
    return cur.fetchone()


def delete_orders(conn, customer_id, status):
    with conn.cursor() as cur:
        # ruleid: py-sqli-formatted-query
        cur.execute("DELETE FROM orders WHERE customer_id = %s AND status = '%s'" % (customer_id, status))
        # ruleid: py-sqli-formatted-query
        cur.execute(
            "UPDATE orders SET archived = true WHERE status = '{}'".format(status)
        )
        # ruleid: py-sqli-formatted-query
        cur.executemany("INSERT INTO audit (who) VALUES ('" + status + "')", [])
        # ok: py-sqli-formatted-query
        cur.execute("DELETE FROM orders WHERE customer_id = %s AND status = %s", (customer_id, status))
        # ok: py-sqli-formatted-query
        cur.execute("SELECT * FROM orders WHERE note LIKE %s", ("%" + status + "%",))


def report(engine, region):
    # ruleid: py-sqli-formatted-query
    df = pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", engine)
    # ok: py-sqli-formatted-query
    df2 = pd.read_sql("SELECT * FROM sales WHERE region = %(r)s", engine, params={"r": region})
    return df, df2


def search(session, term, table):
    # ruleid: py-sqli-formatted-query
    rows = session.execute(text(f"SELECT * FROM {table} WHERE name = :n"), {"n": term})
    # ok: py-sqli-formatted-query
    rows2 = session.execute(text("SELECT * FROM products WHERE name = :n"), {"n": term})
    # ok: py-sqli-formatted-query
    label = text(f"Hello {term}")
    return rows, rows2, label


def django_views(request, order_by):
    name = request.GET.get("name", "")
    # ruleid: py-sqli-formatted-query
    users = User.objects.raw("SELECT * FROM app_user WHERE name = '%s'" % name)
    # ok: py-sqli-formatted-query
    users2 = User.objects.raw("SELECT * FROM app_user WHERE name = %s", [name])
    # ruleid: py-sqli-formatted-query
    orders = Order.objects.filter(paid=True).extra(where=[f"status = '{name}'"])
    # ok: py-sqli-formatted-query
    orders2 = Order.objects.extra(where=["status = %s"], params=[name])
    # ruleid: py-sqli-formatted-query
    annotated = Order.objects.annotate(v=RawSQL("SELECT price FROM p WHERE k = " + order_by, ()))
    with connection.cursor() as cursor:
        # ok: py-sqli-formatted-query
        cursor.execute("SELECT COUNT(*) FROM app_user WHERE name = %s", [name])
        # ruleid: py-sqli-formatted-query
        cursor.execute(rf"SELECT * FROM app_user ORDER BY {order_by}")
    return users, users2, orders, orders2, annotated


TABLE = "events"
# ok: py-sqli-formatted-query
QUERY = "SELECT * FROM %s" % TABLE


def migrate(conn: psycopg2.extensions.connection):
    cur = conn.cursor()
    # ok: py-sqli-formatted-query
    cur.execute("CREATE TABLE IF NOT EXISTS events (id serial primary key, body text)")
    print(f"migrated {cur.rowcount}")
