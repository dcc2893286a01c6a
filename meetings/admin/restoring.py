"""Restoring an earlier version puts back one record and its own rows, nothing else.

django-reversion's admin reverts the whole revision a version belongs to. An import, a
merge of people or a bulk publication saves many meetings (and people) as one
revision, so restoring one meeting that way would also undo every later change to the
others. Here the version's own record and rows are restored (revisions.restore), then
the usual change form shows them; saving it keeps them, anything else rolls them back.
"""

from contextlib import nullcontext

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from ..revisions import restore


class _Preview(Exception):
    """Carries the rendered form out of the transaction that is rolled back."""

    def __init__(self, response):
        self.response = response


class RestoresOneRecord:
    """For a VersionAdmin: its restore (revision) and recover views restore the version's
    record and the rows it owns alone."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        version = get_object_or_404(versions, pk=version_id)
        context = {"title": _("Revert %(name)s") % {"name": version.object_repr}, "revert": True}
        return self.restore_form(request, version, {**context, **(extra_context or {})})

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        context = {"title": _("Recover %(name)s") % {"name": version.object_repr}, "recover": True}
        return self.restore_form(request, version, {**context, **(extra_context or {})})

    def restore_form(self, request, version, context):
        saving = request.method == "POST"
        # Showing the form changes nothing: no signal may act on the rows put back.
        quiet = (
            nullcontext()
            if saving
            else mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        )
        # What cannot be changed now cannot be changed by restoring it either (a report
        # of a published meeting, for an editor); the form checks the state restored.
        current = self.get_object(request, quote(version.object_id))
        if current is not None and not self.has_change_permission(request, current):
            raise PermissionDenied
        try:
            with transaction.atomic(), quiet:
                for note in restore(version):
                    messages.warning(request, note)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, context
                    )
                    if saving and response.status_code == 302:
                        when = localize(template_localtime(version.revision.date_created))
                        reversion.set_comment(
                            _("Reverted to previous version, saved on %(datetime)s")
                            % {"datetime": when}
                        )
                        self.restored(current, self.get_object(request, quote(version.object_id)))
                        return response
                if hasattr(response, "render"):
                    response.template_name = self.restore_templates()
                    response.render()
                raise _Preview(response)  # rolls back what was put back
        except _Preview as preview:
            return preview.response
        except RevertError as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def restored(self, before, after):
        """Called once a restore is saved, with the record as it was before (None if it
        was recovered) and as it is now: the form saw no change, so what a change to the
        record implies elsewhere is done here."""

    def restore_templates(self):
        opts = self.model._meta
        return [
            f"reversion/{opts.app_label}/{opts.model_name}/revision_form.html",
            f"reversion/{opts.app_label}/revision_form.html",
            "reversion/revision_form.html",
        ]


class RecordAdmin(RestoresOneRecord, VersionAdmin):
    """The admin of a record kept with its history, each version restored on its own."""
