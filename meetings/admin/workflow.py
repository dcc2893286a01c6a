"""The editorial rules of the admin: who may publish, and no lost updates.

Editors prepare drafts and submit them for review; publishers publish and withdraw.
A published or withdrawn meeting, with every row in it, changes only through a
publisher. Every meeting form carries the version it was opened at; a save from a
form that another save has overtaken is refused, with the input kept for merging.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Meeting

PUBLISH_PERMISSION = "meetings.publish_meeting"
LOCKED_STATUSES = {Meeting.Status.PUBLISHED, Meeting.Status.WITHDRAWN}
EDITOR_STATUSES = {Meeting.Status.DRAFT, Meeting.Status.REVIEW}


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def locked_for(user, meeting):
    """True when `meeting` is public (or withdrawn) and `user` may not publish."""
    return meeting is not None and meeting.status in LOCKED_STATUSES and not can_publish(user)


class FollowsMeetingPermissions:
    """Admin mixin for rows inside a meeting: they lock when the meeting locks.

    For an inline, `obj` is the parent; `meeting_of` finds the meeting from it.
    """

    def meeting_of(self, obj):
        return obj

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        allowed = super().has_add_permission(request, *args)
        return allowed and not locked_for(request.user, self.meeting_of(obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and not locked_for(request.user, self.meeting_of(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and not locked_for(request.user, self.meeting_of(obj))


class MeetingAdminForm(forms.ModelForm):
    """The meeting form, with the version it was opened at and the publishing rules."""

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    can_publish = False  # set per request by MeetingAdmin.get_form

    class Meta:
        model = Meeting
        # MeetingAdmin.fieldsets choose the fields shown; `version` is never among them.
        fields = ["status", "published_at", "withdrawn_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_seen"].initial = self.instance.version
        self.explain_date_errors()
        if not self.can_publish and "status" in self.fields:
            self.fields["status"].choices = [
                (value, label)
                for value, label in Meeting.Status.choices
                if value in EDITOR_STATUSES
            ]
            self.fields["status"].help_text = _(
                "Submit the meeting for review when it is ready; a publisher publishes it."
            )
            for name in ("published_at", "withdrawn_reason"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def explain_date_errors(self):
        """Say what to type where Django says only "Enter a valid date." (a day that
        does not exist, 2026-02-30, or is written another way) or "Enter a valid time."
        (a publication day given without its time, or a time without its day)."""
        if "held_on" in self.fields:
            self.fields["held_on"].error_messages["invalid"] = _(
                "Enter a day that exists, year first: 2022-09-30 (or 2022/9/30)."
            )
        if "published_at" in self.fields:
            published_at = self.fields["published_at"]
            day, _time = published_at.fields  # each checks its own part as it is typed
            day.error_messages["invalid"] = _("Enter a day that exists, year first: 2022-09-30.")
            published_at.error_messages.update(
                invalid_date=_(
                    "Enter the day as well, year first: 2022-09-30, or leave the day and the "
                    "time empty to publish when the meeting is saved as published."
                ),
                invalid_time=_(
                    "Enter the time as well, such as 09:00, or leave the day and the time "
                    "empty to publish when the meeting is saved as published."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        self.check_not_overtaken(cleaned.get("version_seen"))
        status = cleaned.get("status")
        if status and status not in EDITOR_STATUSES and not self.can_publish:
            self.add_error("status", _("Only a publisher can publish or withdraw a meeting."))
        if status == Meeting.Status.WITHDRAWN and not self.instance.was_published:
            self.add_error(
                "status",
                _(
                    "Only a published meeting can be withdrawn. This one has not been "
                    "public: keep it as a draft, or delete it."
                ),
            )
        if (
            status == Meeting.Status.WITHDRAWN
            and not (cleaned.get("withdrawn_reason") or "").strip()
        ):
            self.add_error(
                "withdrawn_reason",
                _("Say why the meeting is withdrawn: the reason is shown in the public notice."),
            )
        return cleaned

    def check_not_overtaken(self, version_seen):
        """Refuse the save if someone saved this meeting since the form was opened.

        The row is locked until the admin's transaction ends, so two saves racing
        each other are serialized and the second one sees the first one's version.
        """
        if self.instance.pk is None:
            return
        current = (
            Meeting.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or current == version_seen:
            return
        # Let the next save through once the editor has merged the changes by hand.
        self.data = self.data.copy()
        self.data[self.add_prefix("version_seen")] = current
        raise forms.ValidationError(
            _(
                "This meeting was saved elsewhere while you were editing it: by someone else, "
                "or by you in another tab or on one of its reports' pages. Nothing of yours "
                "has been saved: your changes are still in this form. Open the meeting in "
                "another tab to see the other changes, merge them here, then save again."
            ),
            code="overtaken",
        )
