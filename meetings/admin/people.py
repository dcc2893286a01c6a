"""People, with an action that merges duplicates."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..models import Attendance, Person, PersonRedirect
from .restoring import RecordAdmin


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        label=_("Keep this person"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = people


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ["name", "alt_names", "slug"]
    search_fields = ["name", "alt_names", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def prepare_autocomplete(self, people):
        """Give the people a picker lists their latest title, in one query for the page
        (the list of people does not show it, and need not look it up)."""
        titles = Attendance.objects.latest_titles([person.pk for person in people])
        for person in people:
            person.latest_title = titles.get(person.pk)

    def autocomplete_label(self, person):
        """How the meeting form's person picker lists someone: people of one name told
        apart by their latest title and their address name."""
        title = getattr(person, "latest_title", None)
        return (
            f"{person.name} ({title}; {person.slug})" if title else f"{person.name} ({person.slug})"
        )

    @admin.action(description=_("Merge the selected people into one"), permissions=["delete"])
    def merge(self, request, queryset):
        people = queryset.order_by("name", "pk")
        if people.count() < 2:
            self.message_user(request, _("Select at least two people to merge."), messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, people=people)
        if form.is_valid():
            kept = form.cleaned_data["kept"]
            merged = [p for p in people if p.pk != kept.pk]
            meetings = kept.merge(merged, user=request.user)
            self.message_user(
                request,
                _("Merged %(count)d people into %(name)s; %(meetings)d meetings updated.")
                % {"count": len(merged), "name": kept.name, "meetings": len(meetings)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/meetings/person/merge.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Merge people"),
                "form": form,
                "people": people,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(PersonRedirect)
class PersonRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "person", "created_at"]
    list_select_related = ["person"]
    search_fields = ["old_slug", "person__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
