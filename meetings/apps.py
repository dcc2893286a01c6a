from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meeting records")

    def ready(self):
        from . import signals  # noqa: F401  (keeps the search index current)
