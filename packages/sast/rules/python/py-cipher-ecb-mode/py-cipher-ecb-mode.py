import os

from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_record(key: bytes, record: bytes) -> bytes:
    # ruleid: py-cipher-ecb-mode
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(record)


def encrypt_blocks(key: bytes, data: bytes) -> bytes:
    # ruleid: py-cipher-ecb-mode
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def wrap(key, blob):
    # ruleid: py-cipher-ecb-mode
    return AES.new(key, mode=AES.MODE_ECB).encrypt(blob)


def safe(key: bytes, data: bytes):
    nonce = os.urandom(12)
    # ok: py-cipher-ecb-mode
    gcm = AES.new(key, AES.MODE_GCM, nonce=nonce)
    # ok: py-cipher-ecb-mode
    ctr = Cipher(algorithms.AES(key), modes.CTR(os.urandom(16))).encryptor()
    # ok: py-cipher-ecb-mode
    siv = AES.new(key, AES.MODE_SIV)
    return gcm.encrypt_and_digest(data), ctr.update(data), siv
