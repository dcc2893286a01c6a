"""Staff data entry: a meeting is entered on one page, with its attendance, reports and
directives as inlines. Results are entered on the report (plain Django admin has no
nested inlines); the meeting page links to each report."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    Topic,
)

admin.site.site_header = _("Meeting records portal")
admin.site.site_title = _("Meeting records portal")
admin.site.index_title = _("Staff data entry")


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "slug"]
    list_editable = ["order"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "alt_names", "slug"]
    search_fields = ["name", "alt_names", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = ["order", "person", "role", "title", "organization"]


class AssessmentReportInline(admin.StackedInline):
    model = AssessmentReport
    extra = 0
    autocomplete_fields = ["reporter", "topics"]
    fields = [
        "order",
        "reporter",
        "subject",
        "period",
        "topics",
        "summary",
        "results_link",
    ]
    readonly_fields = ["results_link"]
    show_change_link = True

    @admin.display(description=_("results"))
    def results_link(self, report):
        if not report.pk:
            return _("Save the meeting first, then enter the results on the report.")
        url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, _("Enter the results of this report"))


class DirectiveInline(admin.StackedInline):
    model = Directive
    extra = 0
    autocomplete_fields = ["issued_by", "topics"]
    fields = ["order", "issued_by", "verb", "text", "topics"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "column", "status", "published_at"]
    list_filter = ["status", "column", "topics", "held_on"]
    list_select_related = ["column"]
    date_hierarchy = "held_on"
    search_fields = ["title", "summary", "slug", "index_number", "document_number"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["column", "topics", "issued_by"]
    inlines = [AttendanceInline, AssessmentReportInline, DirectiveInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "held_on", "location", "column", "topics"]},
        ),
        (
            _("Article"),
            {"fields": ["summary", "other_attendees", "other_statements", "body"]},
        ),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (
            _("Disclosure metadata"),
            {"fields": ["index_number", "issued_by", "document_number", "source"]},
        ),
    ]


class AssessmentResultInline(admin.TabularInline):
    model = AssessmentResult
    extra = 0
    autocomplete_fields = ["organization"]
    fields = [
        "organization",
        "units_described",
        "standing",
        "award",
        "rank",
        "score",
        "note",
    ]


@admin.register(AssessmentReport)
class AssessmentReportAdmin(admin.ModelAdmin):
    list_display = ["subject", "reporter", "period", "meeting_link"]
    list_select_related = ["reporter", "meeting"]
    search_fields = ["subject", "period", "reporter__name", "meeting__title"]
    autocomplete_fields = ["meeting", "reporter", "topics"]
    inlines = [AssessmentResultInline]

    @admin.display(description=_("meeting"), ordering="meeting__held_on")
    def meeting_link(self, report):
        url = reverse("admin:meetings_meeting_change", args=[report.meeting_id])
        return format_html('<a href="{}">{}</a>', url, report.meeting.title)
