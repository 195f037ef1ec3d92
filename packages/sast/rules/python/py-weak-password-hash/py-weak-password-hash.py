import hashlib
import hmac
import os
from hashlib import md5

import bcrypt
from django.contrib.auth.hashers import make_password


def register(username: str, password: str, db):
    # ruleid: py-weak-password-hash
    digest = hashlib.md5(password.encode()).hexdigest()
    db.insert("users", username=username, password=digest)


def check_login(user, candidate_password: str) -> bool:
    salt = user.salt
    # ruleid: py-weak-password-hash
    hashed = hashlib.sha256((salt + candidate_password).encode("utf-8")).hexdigest()
    return hmac.compare_digest(hashed, user.password_hash)


def legacy_hash(form):
    h = hashlib.sha1()
    # ruleid: py-weak-password-hash
    hashlib.sha1().update(form.new_password.encode())
    # ruleid: py-weak-password-hash
    return hashlib.new("sha512", form.cleaned_data["password"].encode()).hexdigest(), h


def api_login(payload):
    # ruleid: py-weak-password-hash
    return md5(payload["password"].encode()).hexdigest()


def good_hashes(password: str, reset_token: str, data: bytes):
    salt = os.urandom(16)
    # ok: py-weak-password-hash
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    # ok: py-weak-password-hash
    scrypted = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    # ok: py-weak-password-hash
    crypted = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    # ok: py-weak-password-hash
    token_digest = hashlib.sha256(reset_token.encode()).hexdigest()
    # ok: py-weak-password-hash
    checksum = hashlib.sha256(data).hexdigest()
    # ok: py-weak-password-hash
    django_hash = make_password(password)
    return derived, scrypted, crypted, token_digest, checksum, django_hash
