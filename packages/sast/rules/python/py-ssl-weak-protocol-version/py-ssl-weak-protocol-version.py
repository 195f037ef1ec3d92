import socket
import ssl

from OpenSSL import SSL


def legacy_client(host: str, port: int):
    # ruleid: py-ssl-weak-protocol-version
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    sock = socket.create_connection((host, port))
    return ctx.wrap_socket(sock, server_hostname=host)


def old_server():
    # ruleid: py-ssl-weak-protocol-version
    ctx = SSL.Context(SSL.TLSv1_METHOD)
    ctx.use_certificate_file("server.pem")
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    # ruleid: py-ssl-weak-protocol-version
    server_ctx.minimum_version = ssl.TLSVersion.TLSv1_1
    return ctx, server_ctx


def modern(host: str):
    # ok: py-ssl-weak-protocol-version
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: py-ssl-weak-protocol-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # ok: py-ssl-weak-protocol-version
    octx = SSL.Context(SSL.TLS_METHOD)
    # ok: py-ssl-weak-protocol-version
    octx.set_min_proto_version(SSL.TLS1_2_VERSION)
    # ok: py-ssl-weak-protocol-version
    negotiated = ssl.SSLContext(ssl.PROTOCOL_SSLv23)
    # ok: py-ssl-weak-protocol-version
    names = {ssl.PROTOCOL_TLSv1: "TLSv1", ssl.PROTOCOL_TLSv1_2: "TLSv1.2"}
    return ctx, octx, negotiated, names


def legacy_socket(sock):
    # ruleid: py-ssl-weak-protocol-version
    return ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)


def floor(octx):
    # ruleid: py-ssl-weak-protocol-version
    octx.set_min_proto_version(SSL.TLS1_VERSION)
