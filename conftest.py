"""Test-run settings that the environment cannot express.

Tests run with DEBUG off, as production does (pytest-env sets the secret key, see
pyproject.toml), but with a static files storage that needs no `collectstatic`.
"""


def pytest_configure(config):
    from django.conf import settings

    # Serve static files from the source folders, as in development.
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
