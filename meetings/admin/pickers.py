"""Pickers in a meeting's rows that show what each row has chosen without asking again.

Django's autocomplete picker reads the record it shows as chosen with a query of its
own: one query for every person, organization and set of topics in every row, 94 for a
meeting of 18 attendees, 3 reports and 6 directives. Here the rows are read with the
records they name (select_related, prefetch_related), and each picker shows those.
"""

from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ObjectDoesNotExist
from django.forms.models import BaseInlineFormSet
from django.utils.translation import ngettext


class ShowsChosenRecords:
    """An autocomplete widget that labels its chosen values from `chosen` ({str(pk):
    record}, set by ChosenRecordsFormSet), asking the database only for a value the rows
    did not name (one picked in a form sent back with errors)."""

    chosen = None

    def optgroups(self, name, value, attr=None):
        wanted = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if (
            self.chosen is None
            or not all(pk in self.chosen for pk in wanted)
            # Choices narrowed, or named by another field than the key: Django's own way.
            or self.field.remote_field.limit_choices_to
            or self.field.remote_field.get_related_field() != self.field.related_model._meta.pk
        ):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in dict.fromkeys(wanted):
            record = self.chosen[pk]
            label = self.choices.field.label_from_instance(record)
            options.append(self.create_option(name, record.pk, label, True, len(options)))
        return [(None, options, 0)]


class ChosenRecordSelect(ShowsChosenRecords, AutocompleteSelect):
    pass


class ChosenRecordsSelect(ShowsChosenRecords, AutocompleteSelectMultiple):
    pass


class ChosenRecordsFormSet(BaseInlineFormSet):
    """Rows whose pickers share the records the rows were read with.

    A row the form was opened with that has been deleted elsewhere since stays deleted
    (see deleted_elsewhere): the admin cannot show it again, since it lists the rows
    there are, so it can be neither corrected nor removed, and Django's own error on its
    hidden id would refuse every save of the form, however often tried."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.deleted_elsewhere = (
            self.is_bound and i < self.initial_form_count() and form.instance.pk is None
        )
        chosen = self.__dict__.setdefault("_chosen", {})
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            if isinstance(widget, ShowsChosenRecords):
                records = chosen.setdefault(name, {})
                records.update((str(record.pk), record) for record in _named(form.instance, name))
                widget.chosen = records
        return form

    def _should_delete_form(self, form):
        return getattr(form, "deleted_elsewhere", False) or super()._should_delete_form(form)

    def deleted_elsewhere(self):
        """What the rows deleted elsewhere held as the form sent them ("" where it sent
        too little to say), for a message."""
        fields = {f.name for f in self.model._meta.concrete_fields}
        gone = []
        for form in self.initial_forms:
            if form.deleted_elsewhere:
                data = getattr(form, "cleaned_data", {})
                row = self.model(**{k: v for k, v in data.items() if k in fields})
                try:
                    gone.append(str(row))
                except ObjectDoesNotExist:  # the row's person or report was not sent
                    gone.append("")
        return gone


def warn_of_rows_deleted_elsewhere(model_admin, request, formsets):
    """Tell the editor which rows of their form stayed deleted (see ChosenRecordsFormSet)."""
    gone = [row for formset in formsets for row in getattr(formset, "deleted_elsewhere", list)()]
    if gone:
        described = "; ".join(row for row in gone if row)
        model_admin.message_user(
            request,
            ngettext(
                "A row of your form had been deleted elsewhere since you opened it, and it "
                "stays deleted: %(rows)s. Add it again if it should not be.",
                "%(count)d rows of your form had been deleted elsewhere since you opened "
                "it, and they stay deleted: %(rows)s. Add them again if they should not be.",
                len(gone),
            )
            % {"count": len(gone), "rows": described or "—"},
            messages.WARNING,
        )


def _named(row, name):
    """The records a saved row names in field `name`, as read with it (none if not)."""
    if row.pk is None:
        return []
    field = row._meta.get_field(name)
    if field.many_to_many:
        return getattr(row, "_prefetched_objects_cache", {}).get(name, [])
    record = field.get_cached_value(row, default=None) if field.is_cached(row) else None
    return [record] if record is not None else []


class PicksFromRows:
    """Inline mixin: its rows are read with the records their pickers show."""

    formset = ChosenRecordsFormSet

    def get_queryset(self, request):
        fields = [self.model._meta.get_field(name) for name in self.autocomplete_fields]
        return (
            super()
            .get_queryset(request)
            .select_related(*[field.name for field in fields if not field.many_to_many])
            .prefetch_related(*[field.name for field in fields if field.many_to_many])
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", ChosenRecordSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", ChosenRecordsSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
