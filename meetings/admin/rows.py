"""Inline rows that are saved in an order no unique rule can trip over.

Django saves a formset's rows one by one in the order of the form, so a valid change
can still break a unique rule halfway: two attendees of one role swapping people, or a
row deleted below the row that takes its person and role. And a rule with a condition
(an organization named once per report) is not checked across the rows of one form.
"""

from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint

from .pickers import ChosenRecordsFormSet


class RowsFormSet(ChosenRecordsFormSet):
    def unique_rules(self):
        """(rule, its fields but the parent's) for each unique rule on the rows."""
        return [
            (rule, [name for name in rule.fields if name != self.fk.name])
            for rule in self.model._meta.constraints
            if isinstance(rule, UniqueConstraint) and rule.fields
        ]

    def clean(self):
        super().clean()
        self.place_new_rows_last()
        # Django checks the rules without a condition across the rows; these have one
        # ("when an organization is named"), which a row without the value escapes.
        for rule, fields in self.unique_rules():
            if rule.condition is None:
                continue
            seen = set()
            for form in self.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or (self.can_delete and self._should_delete_form(form)):
                    continue
                key = tuple(data.get(name) for name in fields)
                if None in key:
                    continue
                if key in seen:
                    form.add_error(None, self.get_form_error())
                    raise ValidationError(self.get_unique_error_message(fields))
                seen.add(key)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A new row's order starts empty, not at 0: left so, the row goes last (see
        # place_new_rows_last); at 0 it went before every row entered.
        if "order" in form.fields and (index is None or index >= self.initial_form_count()):
            form.fields["order"].required = False
            form.fields["order"].initial = None

    def place_new_rows_last(self):
        """Give each new row left without an order the next one after all the rows'."""
        if "order" not in self.form.base_fields:
            return
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        last = max((form.cleaned_data.get("order") or 0 for form in kept), default=-1)
        for form in kept:
            if form.instance.pk is None and form.cleaned_data.get("order") is None:
                last += 1
                form.cleaned_data["order"] = form.instance.order = last

    def save(self, commit=True):
        """Delete the rows removed, and set aside the rows whose unique key changes,
        before saving any, so that no row is saved while another still holds the key it
        takes. The rows set aside come back under their own ids."""
        rows = super().save(commit=False)
        if not commit:
            return rows
        for row in self.deleted_objects:
            row.delete()
        keys = {name for _rule, fields in self.unique_rules() for name in fields}
        moving = {row.pk for row, changed in self.changed_objects if keys & set(changed)}
        self.model._base_manager.filter(pk__in=moving).delete()
        for row in rows:
            row.save(force_insert=row.pk in moving)
        self.save_m2m()
        return rows
