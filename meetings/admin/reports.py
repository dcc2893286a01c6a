"""Assessment reports get their own page, where their results are entered."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import AssessmentReport, AssessmentResult
from .restoring import RecordAdmin
from .workflow import FollowsMeetingPermissions


class AssessmentResultInline(admin.TabularInline):
    model = AssessmentResult
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "units_described", "standing", "award", "rank", "score", "note"]


@admin.register(AssessmentReport)
class AssessmentReportAdmin(FollowsMeetingPermissions, RecordAdmin):
    list_display = ["subject", "reporter", "period", "meeting_link"]
    list_select_related = ["reporter", "meeting"]
    search_fields = ["subject", "period", "reporter__name", "meeting__title"]
    autocomplete_fields = ["meeting", "reporter", "topics"]
    inlines = [AssessmentResultInline]

    def meeting_of(self, report):
        return report.meeting if report else None

    @admin.display(description=_("meeting"), ordering="meeting__held_on")
    def meeting_link(self, report):
        url = reverse("admin:meetings_meeting_change", args=[report.meeting_id])
        return format_html('<a href="{}">{}</a>', url, report.meeting.title)
