"""Test-run settings that the environment cannot express.

Tests run with DEBUG off, as production does (pytest-env sets the secret key, see
pyproject.toml), but with a static files storage that needs no `collectstatic`.
"""


def pytest_configure(config):
    from django.conf import settings

    # A read replica that mirrors the test database, as Django's test runner supports, so
    # the primary/replica router is exercised (tests/test_replicas.py turns it on).
    if "replica_0" not in settings.DATABASES:
        settings.DATABASES["replica_0"] = {
            **settings.DATABASES["default"],
            "TEST": {"MIRROR": "default"},
        }

    # Serve static files from the source folders, as in development.
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
