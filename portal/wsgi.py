"""WSGI entry point: gunicorn and other WSGI servers load `application` from here."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

django_application = get_wsgi_application()

from .front_door import PageCacheFrontDoor  # noqa: E402 (needs the settings loaded)

application = PageCacheFrontDoor(django_application)

# What start-up loaded (Django, the settings, the apps' modules) lives as long as the
# process: taken out of the garbage collector's sight, it is not scanned again at every
# full collection, which otherwise lands, at random, on one request in twenty or so on
# the pages that build a thousand rows.
gc.freeze()
