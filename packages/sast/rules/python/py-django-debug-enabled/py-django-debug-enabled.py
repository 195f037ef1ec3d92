"""Django settings for shop project (production)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# ruleid: py-django-debug-enabled
DEBUG = True

# ok: py-django-debug-enabled
TEMPLATE_DEBUG = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "shop",
]


class DevelopmentConfig:
    # ok: py-django-debug-enabled
    DEBUG = True


def enable_debug_for_tests(settings):
    # ok: py-django-debug-enabled
    DEBUG = True
    settings.DEBUG = DEBUG


if os.environ.get("DJANGO_ENV") == "production":
    # ok: py-django-debug-enabled
    DEBUG = False
else:
    # ok: py-django-debug-enabled
    DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
