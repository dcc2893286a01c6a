"""The staff site: Django's admin, with pickers that tell records of one name apart.

Two people may share a name (the demo data has two Ma Haiyans; Wang Wei is common), and
the autocomplete picker lists records by their name alone. Where a record's admin says
how to label it in a picker (`autocomplete_label`), the picker shows that instead, once
the admin has read what the label needs for the whole page (`prepare_autocomplete`).
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class LabelledAutocompleteView(AutocompleteJsonView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        prepare = getattr(self.model_admin, "prepare_autocomplete", None)
        if prepare is not None:
            prepare(context["object_list"])  # read once: the results come from the same list
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class PortalAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteView.as_view(admin_site=self)(request)
