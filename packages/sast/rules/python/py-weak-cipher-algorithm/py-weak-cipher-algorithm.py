import os

import pyDes
from Crypto.Cipher import AES, ARC4, DES, Blowfish
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_card(key: bytes, card_number: bytes) -> bytes:
    iv = os.urandom(8)
    # ruleid: py-weak-cipher-algorithm
    cipher = DES.new(key, DES.MODE_CBC, iv)
    return iv + cipher.encrypt(card_number.ljust(16, b"\0"))


def obfuscate(key, data):
    # ruleid: py-weak-cipher-algorithm
    return ARC4.new(key).encrypt(data)


def legacy_token(key, data):
    # ruleid: py-weak-cipher-algorithm
    bf = Blowfish.new(key, Blowfish.MODE_CBC)
    # ruleid: py-weak-cipher-algorithm
    triple = Cipher(algorithms.TripleDES(key), modes.CBC(os.urandom(8)))
    # ruleid: py-weak-cipher-algorithm
    k = pyDes.triple_des(key, pyDes.CBC, b"\0" * 8, pad=None, padmode=pyDes.PAD_PKCS5)
    return bf.encrypt(data), triple.encryptor(), k


def modern(key: bytes, data: bytes):
    nonce = os.urandom(12)
    # ok: py-weak-cipher-algorithm
    sealed = AESGCM(key).encrypt(nonce, data, None)
    # ok: py-weak-cipher-algorithm
    gcm = AES.new(key, AES.MODE_GCM, nonce=nonce)
    # ok: py-weak-cipher-algorithm
    aes = Cipher(algorithms.AES(key), modes.GCM(nonce))
    return sealed, gcm.encrypt_and_digest(data), aes
