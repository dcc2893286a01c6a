"""The two staff roles, as groups: Editor prepares meetings, Publisher also publishes.

Editor: create and edit drafts and submit them for review; never publish.
Publisher: everything an editor can, plus publish, withdraw, delete and restore.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROWS = ["attendance", "assessmentreport", "assessmentresult", "directive"]

EDITOR = [
    "add_meeting",
    "change_meeting",
    "view_meeting",
    *(f"{action}_{model}" for model in ROWS for action in ("add", "change", "delete", "view")),
    *(
        f"{action}_{model}"
        for model in ("person", "organization")
        for action in ("add", "change", "view")
    ),
    "view_topic",
    "view_column",
]
PUBLISHER = [
    *EDITOR,
    "delete_meeting",
    "publish_meeting",
    "delete_person",
    "delete_organization",
    *(
        f"{action}_{model}"
        for model in ("topic", "column")
        for action in ("add", "change", "delete")
    ),
    "view_personredirect",
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editor", EDITOR), ("Publisher", PUBLISHER)):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="meetings", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for the {name} group: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
