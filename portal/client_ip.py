"""The visitor's address, trusting exactly as many proxies as the deployment has.

DJANGO_TRUSTED_PROXY_COUNT says how many reverse proxies stand in front of the app.
Each appends the address it received the request from to X-Forwarded-For, so with
N trusted proxies the client is the N-th address from the right; anything further
left was written by the client and proves nothing. With 0 (the default) the header
is ignored, so nobody escapes a limit by sending it. Rate limits, the admin lockout
and the request log all use this function.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    address = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [part for part in chain if part]
        if len(chain) >= count:
            candidate = chain[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return address
    return address
