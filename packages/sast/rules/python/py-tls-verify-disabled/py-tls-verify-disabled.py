import aiohttp
import httpx
import requests
from requests import get as http_get

INTERNAL_CA = "/etc/ssl/internal-ca.pem"


def get_invoice(invoice_id: str, token: str):
    # ruleid: py-tls-verify-disabled
    resp = requests.get(
        f"https://billing.internal/api/invoices/{invoice_id}",
        headers={"Authorization": f"Bearer {token}"},
        verify=False,
    )
    return resp.json()


def upload(session: requests.Session, data: bytes):
    # ruleid: py-tls-verify-disabled
    session.post("https://files.internal/upload", data=data, verify=False)
    # ruleid: py-tls-verify-disabled
    session.verify = False


def http_clients():
    # ruleid: py-tls-verify-disabled
    client = httpx.Client(base_url="https://api.internal", verify=False)
    # ruleid: py-tls-verify-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    return client, connector


async def poll(session: aiohttp.ClientSession, url: str):
    # ruleid: py-tls-verify-disabled
    async with session.get(url, ssl=False) as resp:
        return await resp.text()


def health(url):
    # ruleid: py-tls-verify-disabled
    return http_get(url, timeout=3, verify=False).ok


def verified(data: bytes, config):
    # ok: py-tls-verify-disabled
    requests.post("https://files.internal/upload", data=data, verify=INTERNAL_CA)
    # ok: py-tls-verify-disabled
    client = httpx.Client(verify=True, timeout=10)
    # ok: py-tls-verify-disabled
    value = config.get("verify", False)
    # ok: py-tls-verify-disabled
    config.verify = False
    return client, value
