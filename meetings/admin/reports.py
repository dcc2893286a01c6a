"""Assessment reports get their own page, where their results are entered."""

import reversion
from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import AssessmentReport, AssessmentResult, Meeting
from .pickers import PicksFromRows, warn_of_rows_deleted_elsewhere
from .restoring import RecordAdmin
from .rows import RowsFormSet
from .workflow import FollowsMeetingPermissions, locked_for


class AssessmentResultInline(PicksFromRows, admin.TabularInline):
    model = AssessmentResult
    formset = RowsFormSet
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "units_described", "standing", "award", "rank", "score", "note"]


class AssessmentReportForm(forms.ModelForm):
    user = None  # set per request by AssessmentReportAdmin.get_form

    def clean_meeting(self):
        meeting = self.cleaned_data["meeting"]
        if locked_for(self.user, meeting):
            raise forms.ValidationError(
                _(
                    "“%(meeting)s” is published or withdrawn: only a publisher can add a "
                    "report to it or move one into it."
                )
                % {"meeting": meeting}
            )
        return meeting


@admin.register(AssessmentReport)
class AssessmentReportAdmin(FollowsMeetingPermissions, RecordAdmin):
    form = AssessmentReportForm
    list_display = ["subject", "reporter", "period", "meeting_link"]
    list_select_related = ["reporter", "meeting"]
    search_fields = ["subject", "period", "reporter__name", "meeting__title"]
    autocomplete_fields = ["meeting", "reporter", "topics"]
    inlines = [AssessmentResultInline]

    def meeting_of(self, report):
        return report.meeting if report else None

    def response_post_save_change(self, request, obj):
        """Saved, a report leads back to its meeting's form, where it was opened from."""
        return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[obj.meeting_id]))

    response_post_save_add = response_post_save_change

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_of_rows_deleted_elsewhere(self, request, formsets)
        if not (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            return
        # The meeting (or both, for a report moved) changed with its report: its history
        # shows it, and its own form, if open, no longer writes the report back as it was.
        self.meetings_changed({form.instance.meeting_id, form.initial.get("meeting")} - {None})

    def restored(self, before, after):
        self.meetings_changed({after.meeting_id, before.meeting_id if before else None} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.meetings_changed({obj.meeting_id})

    def delete_queryset(self, request, queryset):
        meeting_ids = set(queryset.values_list("meeting_id", flat=True))
        super().delete_queryset(request, queryset)
        self.meetings_changed(meeting_ids)

    def meetings_changed(self, meeting_ids):
        meetings = Meeting.objects.filter(pk__in=meeting_ids)
        meetings.changed_elsewhere()
        if reversion.is_active():
            for meeting in meetings:
                reversion.add_to_revision(meeting)

    @admin.display(description=_("meeting"), ordering="meeting__held_on")
    def meeting_link(self, report):
        url = reverse("admin:meetings_meeting_change", args=[report.meeting_id])
        return format_html('<a href="{}">{}</a>', url, report.meeting.title)
