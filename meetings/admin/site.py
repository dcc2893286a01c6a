from django.contrib import admin
from reversion.admin import VersionAdmin

from ..models import Column, Organization, Topic


@admin.register(Column)
class ColumnAdmin(VersionAdmin):
    list_display = ["name", "parent", "order", "slug"]
    list_editable = ["order"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Topic)
class TopicAdmin(VersionAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(VersionAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
