import rsa as pyrsa
from Crypto.PublicKey import DSA, RSA
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from OpenSSL import crypto


def make_signing_key():
    # ruleid: py-weak-rsa-key-size
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def make_legacy_keys():
    # ruleid: py-weak-rsa-key-size
    a = RSA.generate(1024)
    # ruleid: py-weak-rsa-key-size
    b = dsa.generate_private_key(key_size=1024)
    # ruleid: py-weak-rsa-key-size
    pub, priv = pyrsa.newkeys(512)
    key = crypto.PKey()
    # ruleid: py-weak-rsa-key-size
    key.generate_key(crypto.TYPE_RSA, 1024)
    return a, b, pub, priv, key


def make_good_keys(bits: int):
    # ok: py-weak-rsa-key-size
    a = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    # ok: py-weak-rsa-key-size
    b = RSA.generate(2048)
    # ok: py-weak-rsa-key-size
    c = DSA.generate(2048)
    # ok: py-weak-rsa-key-size
    d = ec.generate_private_key(ec.SECP256R1())
    # ok: py-weak-rsa-key-size
    e = RSA.generate(bits)
    return a, b, c, d, e
