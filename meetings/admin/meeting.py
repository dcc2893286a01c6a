"""The meeting form: the meeting and its attendance, reports and directives on one page."""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version

from ..models import AssessmentReport, Attendance, Directive, Meeting
from ..revisions import meeting_history
from .paging import IdsFirstPaginator
from .pickers import ChosenRecordsFormSet, PicksFromRows, warn_of_rows_deleted_elsewhere
from .restoring import RecordAdmin
from .rows import RowsFormSet
from .workflow import FollowsMeetingPermissions, MeetingAdminForm, can_publish, locked_for


class PublicityFilter(admin.SimpleListFilter):
    """Whether the public can read a meeting now: public, published for a later time
    (its status says "published"), or not public (a draft, in review or withdrawn)."""

    title = _("public")
    parameter_name = "public"

    def lookups(self, request, model_admin):
        return [
            ("now", _("Public")),
            ("scheduled", _("Scheduled for later")),
            ("no", _("Not public")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "now":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "no":
            return queryset.exclude(status=Meeting.Status.PUBLISHED)
        return queryset


class AttendanceInline(PicksFromRows, FollowsMeetingPermissions, admin.TabularInline):
    model = Attendance
    formset = RowsFormSet
    extra = 0
    autocomplete_fields = ["person", "organization"]
    # The order last: a new row left without one goes after the others (see RowsFormSet),
    # so the keyboard reaches the person first.
    fields = ["person", "role", "title", "organization", "order"]


class ReportsFormSet(ChosenRecordsFormSet):
    """A report's results are entered on its own page, out of this form's sight: a report
    that has any is not deleted from here, where they would go with it unseen."""

    def clean(self):
        super().clean()
        refused = []
        for form in self.deleted_forms:
            report = form.instance
            # Counted with the rows the form was opened with (AssessmentReportInline).
            count = getattr(report, "result_count", None)
            if count is None:
                count = report.results.count() if report.pk else 0
            if count:
                refused.append(
                    ngettext(
                        "The report “%(subject)s” has %(count)d assessment result. Delete "
                        "it first on the report's page, then delete the report.",
                        "The report “%(subject)s” has %(count)d assessment results. Delete "
                        "them first on the report's page, then delete the report.",
                        count,
                    )
                    % {"subject": report.subject, "count": count}
                )
        if refused:
            raise ValidationError(refused)


class AssessmentReportInline(PicksFromRows, FollowsMeetingPermissions, admin.StackedInline):
    model = AssessmentReport
    formset = ReportsFormSet
    extra = 0
    autocomplete_fields = ["reporter", "topics"]
    fields = ["reporter", "subject", "period", "topics", "summary", "order", "results_link"]
    readonly_fields = ["results_link"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(result_count=Count("results"))

    @admin.display(description=_("results"))
    def results_link(self, report):
        if not report.pk:
            return _("Save the meeting first, then enter the results on the report.")
        url = reverse("admin:meetings_assessmentreport_change", args=[report.pk])
        count = getattr(report, "result_count", None)
        if not count:
            return format_html('<a href="{}">{}</a>', url, _("Enter the results of this report"))
        entered = ngettext("%(count)d result entered", "%(count)d results entered", count) % {
            "count": count
        }
        return format_html(
            '{} · <a href="{}">{}</a>', entered, url, _("See or change them on the report's page")
        )


class DirectiveInline(PicksFromRows, FollowsMeetingPermissions, admin.StackedInline):
    model = Directive
    extra = 0
    autocomplete_fields = ["issued_by", "topics"]
    fields = ["issued_by", "verb", "text", "topics", "order"]


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    form = MeetingAdminForm
    list_display = ["title", "held_on", "column", "status", "publicity", "published_at", "version"]
    list_filter = [PublicityFilter, "status", "column", "topics", "held_on"]
    list_select_related = ["column"]
    paginator = IdsFirstPaginator
    show_full_result_count = False  # a filtered list would count all meetings a second time
    date_hierarchy = "held_on"
    # Served on PostgreSQL by the trigram index of migration 0016: keep the two in step.
    search_fields = ["title", "summary", "slug", "index_number", "document_number"]
    # No slug written from the title as it is typed: titles recur, and the address made
    # when saved holds the day too (see Meeting.save).
    autocomplete_fields = ["column", "topics", "issued_by"]
    inlines = [AttendanceInline, AssessmentReportInline, DirectiveInline]

    class Media:
        js = ["js/admin-unsaved.js"]  # asks before leaving the form with changes unsaved

    actions = ["submit_for_review", "publish"]
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "held_on", "location", "column", "topics"]}),
        (
            _("Article"),
            {"fields": ["language", "summary", "other_attendees", "other_statements", "body"]},
        ),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "withdrawn_reason", "version_seen"]},
        ),
        (
            _("Disclosure metadata"),
            {"fields": ["index_number", "issued_by", "document_number", "source"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        """A meeting's address stays once the public could read it: links to it, and
        search engines, keep finding it."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.was_published:
            return [*fields, "slug"]
        return fields

    @admin.display(description=_("public"))
    def publicity(self, meeting):
        if meeting.is_public:
            return _("Public")
        if meeting.status == Meeting.Status.PUBLISHED:
            return _("Scheduled: public from %(time)s") % {
                "time": date_format(timezone.localtime(meeting.published_at), "DATETIME_FORMAT")
            }
        return _("Not public")

    # Permissions -------------------------------------------------------------

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not locked_for(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = can_publish(request.user)
        return form

    # Saving ------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        before = Meeting.objects.filter(pk=obj.pk).first() if change else None
        obj._was_public = bool(before and before.is_public)
        obj.stamp_transition(
            previous_status=before.status if before else None,
            was_public=obj._was_public,
            content_changed=form.has_changed(),
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_of_rows_deleted_elsewhere(self, request, formsets)
        meeting = form.instance
        rows_changed = any(formset.has_changed() for formset in formsets)
        if rows_changed and getattr(meeting, "_was_public", False) and meeting.is_public:
            Meeting.objects.filter(pk=meeting.pk).update(revised_at=timezone.now())

    # Actions -----------------------------------------------------------------

    @admin.action(description=_("Submit the selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(request, queryset.filter(status=Meeting.Status.DRAFT), Meeting.Status.REVIEW)

    @admin.action(description=_("Publish the selected meetings"), permissions=["publish"])
    def publish(self, request, queryset):
        wanted = queryset.filter(status__in=[Meeting.Status.DRAFT, Meeting.Status.REVIEW])
        self._move(request, wanted, Meeting.Status.PUBLISHED)

    def _move(self, request, queryset, status):
        moved = 0
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Status changed to “%(status)s”.") % {"status": status.label})
            for meeting in queryset.select_for_update():
                previous = meeting.status
                meeting.status = status
                meeting.stamp_transition(previous, meeting.is_public, content_changed=False)
                meeting.save()
                moved += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d meeting is now “%(status)s”.",
                "%(count)d meetings are now “%(status)s”.",
                moved,
            )
            % {"count": moved, "status": status.label},
            messages.SUCCESS if moved else messages.WARNING,
        )

    # History -----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name="meetings_meeting_changes",
            ),
            *super().get_urls(),
        ]

    def changes_view(self, request, object_id):
        """Every saved version of the meeting, each compared with the one before it."""
        meeting = Meeting.objects.filter(pk=object_id).first()
        if meeting is None or not self.has_view_permission(request, meeting):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": meeting,
            "title": _("Changes to “%(title)s”") % {"title": meeting.title},
            "entries": meeting_history(meeting.pk),
            "can_restore": can_publish(request.user),
        }
        return TemplateResponse(request, "admin/meetings/meeting/changes.html", context)

    def _restoring(self, request, view, object_id, *args, **kwargs):
        """Restoring is a publisher's act; a restored meeting gets a fresh version number."""
        if not can_publish(request.user):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 302:
            Meeting.objects.filter(pk=object_id).update(version=_next_version(object_id))
        return response

    def restored(self, before, after):
        Meeting.objects.filter(pk=after.pk).changed_elsewhere()  # "revised on", if public

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return self._restoring(
            request, super().revision_view, object_id, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        object_id = version.object_id if version else None
        return self._restoring(request, super().recover_view, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)


def _next_version(object_id):
    """One above every version number the meeting has ever had, so none comes back."""
    versions = [
        version.field_dict.get("version", 0)
        for version in Version.objects.get_for_object_reference(Meeting, object_id)
    ]
    return max([0, *versions]) + 1
