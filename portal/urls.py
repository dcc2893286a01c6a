"""Top-level URLs: the admin (at DJANGO_ADMIN_PATH) and its language switch, the API, the
sitemap, and the public site under a language prefix (/en/, /zh-hans/).

The prefix keeps public pages cookie-free and cacheable: the language is in the URL,
and a visitor without one is redirected according to Accept-Language.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from meetings.sitemaps import SITEMAPS
from meetings.views.open_data import favicon, robots_txt
from meetings.views.read_only import read_only
from portal.health import healthz

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # the admin's language switch
    path("healthz", healthz, name="healthz"),
    path("api/", include("meetings.api.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        read_only(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        read_only(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    *i18n_patterns(path("", include("meetings.urls"))),
]

handler400 = "meetings.views.errors.bad_request"
handler404 = "meetings.views.errors.page_not_found"
handler500 = "meetings.views.errors.server_error"
