"""Site administrators keep the directory, spokespersons included; the others read it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP = "press"
GRANTS = {
    "Biên tập viên": ["view_spokesperson"],
    "Người duyệt": ["view_spokesperson"],
    "Quản trị trang": ["view_spokesperson", "add_spokesperson", "change_spokesperson", "delete_spokesperson"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create this app's now so the groups can hold them.
    app_config = apps.get_app_config(APP)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label=APP, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("press", "0001_initial"), ("articles", "0003_workflow_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
