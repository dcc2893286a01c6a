"""Top-level URLs: the admin, and the public site under a language prefix (/en/, /zh-hans/).

The prefix keeps public pages cookie-free and cacheable: the language is in the URL,
and a visitor without one is redirected according to Accept-Language.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = admin.site.site_title = "Meeting records portal"

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(path("", include("meetings.urls"))),
]

handler400 = "meetings.views.errors.bad_request"
handler404 = "meetings.views.errors.page_not_found"
handler500 = "meetings.views.errors.server_error"
