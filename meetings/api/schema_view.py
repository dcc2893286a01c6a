"""The API's OpenAPI schema, built once per process and language, and kept."""

import threading

from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """drf-spectacular builds the schema on every request, keeping its state in module
    globals as it goes: two requests building it at once in a threaded server broke each
    other (500s), and one build takes about a second. The schema changes only with a
    release, so each process builds it once per language, one build at a time.

    The API has one version, the settings': a `version` parameter, which drf-spectacular
    would write into the schema and a header unchecked, is ignored."""

    _built = {}  # language: the schema
    _building = threading.Lock()

    def _get_schema_response(self, request):
        language = _supported(get_language())  # drf-spectacular takes any ?lang= as it is
        with self._building:
            schema = self._built.get(language)
            if schema is None:
                schema = self._built[language] = super()._get_schema_response(request).data
        filename = self._get_filename(request, version=None)
        return Response(schema, headers={"Content-Disposition": f'inline; filename="{filename}"'})

    def _get_version_parameter(self, request):
        return None


def _supported(language):
    """The site's language nearest `language`, or its default: one schema each."""
    try:
        return get_supported_language_variant(language or "")
    except LookupError:
        return settings.LANGUAGE_CODE
