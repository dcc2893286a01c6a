"""The portal's WSGI application as portal/wsgi.py builds it, answering the benchmark's
URLs too (bench/urls.py): the server under load is asked for the minimal view and the
site's chrome, the references that the load figures are read against."""

from django.conf import settings

from portal.wsgi import application  # noqa: F401 (the application gunicorn loads)

settings.ROOT_URLCONF = "bench.urls"  # read per request, as bench/measure.py relies on
