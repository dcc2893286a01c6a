"""Staff data entry in the Django admin, one module per family of records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import meeting, people, reports, site  # noqa: F401  (each registers its admins)

admin.site.site_header = _("Meeting records portal")
admin.site.site_title = _("Meeting records portal")
admin.site.index_title = _("Staff data entry")
