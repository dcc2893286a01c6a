"""WSGI entry point: gunicorn and other WSGI servers load `application` from here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

django_application = get_wsgi_application()

from .front_door import PageCacheFrontDoor  # noqa: E402 (needs the settings loaded)

application = PageCacheFrontDoor(django_application)

from .collector import settle  # noqa: E402 (once the application is built)

settle()
