"""Project-wide middleware: the request log line and the Permissions-Policy header."""

import json
import logging
import time

from django.conf import settings

from .client_ip import client_ip

request_log = logging.getLogger("portal.requests")


class RequestLogMiddleware:
    """One structured line per request: method, path, status, duration, client.

    Only the path is logged: never the query string, headers, cookies or body, so
    nothing a visitor or a staff member sends ends up in the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        log_request(request, response, started)
        return response


def log_request(request, response, started):
    request_log.info(
        json.dumps(
            {
                "event": "request",
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "client": client_ip(request),
            },
            ensure_ascii=False,
        )
    )


class PermissionsPolicyMiddleware:
    """Deny browser features the portal never uses (camera, microphone, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
