import os

from django.conf import settings

# ruleid: py-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]

if os.environ.get("BEHIND_PROXY"):
    # ruleid: py-django-allowed-hosts-wildcard
    ALLOWED_HOSTS = ["localhost", '*']
    # ruleid: py-django-allowed-hosts-wildcard
    ALLOWED_HOSTS.append("*")
else:
    # ok: py-django-allowed-hosts-wildcard
    ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "shop.example.com").split(",")

# ok: py-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["shop.example.com", ".example.com"]

# ok: py-django-allowed-hosts-wildcard
CORS_ALLOWED_ORIGINS = ["*"]

# ok: py-django-allowed-hosts-wildcard
INTERNAL_IPS = ("127.0.0.1",)


def patch_for_healthchecks():
    # ruleid: py-django-allowed-hosts-wildcard
    settings.ALLOWED_HOSTS = ["*"]


def staging_hosts():
    hosts = ["staging.example.com"]
    # ok: py-django-allowed-hosts-wildcard
    hosts.append("*")
    return hosts
