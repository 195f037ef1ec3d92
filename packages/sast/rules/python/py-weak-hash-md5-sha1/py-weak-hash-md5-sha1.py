import hashlib

from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes


def sign_payload(payload: bytes, key: bytes) -> str:
    # ruleid: py-weak-hash-md5-sha1
    return hashlib.sha1(key + payload).hexdigest()


def verify_download(blob: bytes, expected: str) -> bool:
    # ruleid: py-weak-hash-md5-sha1
    digest = hashlib.new("md5", blob).hexdigest()
    return digest == expected


def legacy_fingerprint(cert_der: bytes):
    # ruleid: py-weak-hash-md5-sha1
    h = MD5.new(cert_der)
    # ruleid: py-weak-hash-md5-sha1
    algo = hashes.SHA1()
    return h.hexdigest(), algo


def cache_key(url: str) -> str:
    # ok: py-weak-hash-md5-sha1
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def strong(blob: bytes):
    # ok: py-weak-hash-md5-sha1
    a = hashlib.sha256(blob).hexdigest()
    # ok: py-weak-hash-md5-sha1
    b = hashlib.new("sha3_256", blob).hexdigest()
    # ok: py-weak-hash-md5-sha1
    c = hashes.SHA256()
    return a, b, c
