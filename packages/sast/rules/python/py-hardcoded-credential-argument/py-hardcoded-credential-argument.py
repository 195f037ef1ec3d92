import ftplib
import os
import smtplib

import boto3
import psycopg2
import redis
import requests
from requests.auth import HTTPBasicAuth


def get_connection():
    # ruleid: py-hardcoded-credential-argument
    return psycopg2.connect(host="db.internal", dbname="orders", user="app", password="0rd3rs-pw")


def aws_clients(region: str):
    # ruleid: py-hardcoded-credential-argument
    s3 = boto3.client(
        "s3",
        region_name=region,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    # ok: py-hardcoded-credential-argument
    sqs = boto3.client("sqs", region_name=region)
    # ok: py-hardcoded-credential-argument
    stub = boto3.client("sts", aws_access_key_id="foo", aws_secret_access_key="bar")
    return s3, sqs, stub


def notify(report: str):
    server = smtplib.SMTP("smtp.example.com", 587)
    server.starttls()
    # ruleid: py-hardcoded-credential-argument
    server.login("reports@example.com", "m4ilP4ss")
    # ok: py-hardcoded-credential-argument
    server.login("reports@example.com", os.environ["SMTP_PASSWORD"])
    server.sendmail("reports@example.com", ["ops@example.com"], report)


def fetch(url: str, user):
    # ruleid: py-hardcoded-credential-argument
    r1 = requests.get(url, auth=("admin", "admin123"))
    # ruleid: py-hardcoded-credential-argument
    r2 = requests.get(url, auth=HTTPBasicAuth("svc", "svc-pass-1"))
    # ok: py-hardcoded-credential-argument
    r3 = requests.get(url, auth=(os.environ["API_USER"], os.environ["API_PASS"]))
    # ruleid: py-hardcoded-credential-argument
    user.set_password("welcome1")
    return r1, r2, r3


def caches():
    # ok: py-hardcoded-credential-argument
    r = redis.Redis(host="cache", password=os.environ.get("REDIS_PASSWORD"))
    # ok: py-hardcoded-credential-argument
    ftp = ftplib.FTP("ftp.example.com")
    # ok: py-hardcoded-credential-argument
    ftp.login()
    # ok: py-hardcoded-credential-argument
    form_field = dict(password="")
    return r, ftp, form_field
