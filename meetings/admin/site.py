from django.contrib import admin

from ..models import Column, Organization, Topic
from .restoring import RecordAdmin


@admin.register(Column)
class ColumnAdmin(RecordAdmin):
    list_display = ["name", "name_zh", "parent", "order", "slug"]
    list_editable = ["order"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    list_display = ["name", "name_zh", "slug"]
    search_fields = ["name", "name_zh", "slug", "description", "description_zh"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(RecordAdmin):
    list_display = ["name", "name_zh", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
