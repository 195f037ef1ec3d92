import socket
import ssl
import urllib.request

import urllib3
from OpenSSL import SSL


def fetch_status(url: str) -> int:
    # ruleid: py-ssl-certificate-validation-disabled
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=ctx) as resp:
        return resp.status


def connect_mqtt(host: str, port: int = 8883):
    ctx = ssl.create_default_context()
    # ruleid: py-ssl-certificate-validation-disabled
    ctx.check_hostname = False
    # ruleid: py-ssl-certificate-validation-disabled
    ctx.verify_mode = ssl.CERT_NONE
    sock = socket.create_connection((host, port))
    return ctx.wrap_socket(sock, server_hostname=host)


def pools():
    # ruleid: py-ssl-certificate-validation-disabled
    http = urllib3.PoolManager(cert_reqs="CERT_NONE")
    octx = SSL.Context(SSL.TLS_METHOD)
    # ruleid: py-ssl-certificate-validation-disabled
    octx.set_verify(SSL.VERIFY_NONE, lambda *args: True)
    return http, octx


# ruleid: py-ssl-certificate-validation-disabled
ssl._create_default_https_context = ssl._create_unverified_context


def secure(host: str):
    # ok: py-ssl-certificate-validation-disabled
    ctx = ssl.create_default_context(cafile="/etc/ssl/internal-ca.pem")
    # ok: py-ssl-certificate-validation-disabled
    ctx.check_hostname = True
    # ok: py-ssl-certificate-validation-disabled
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ok: py-ssl-certificate-validation-disabled
    http = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs="/etc/ssl/certs/ca.pem")
    return ctx, http
