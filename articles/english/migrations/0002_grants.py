"""Writers write and submit English versions of their agencies' articles; approvers approve, reject or archive them;
site administrators do all of it for every agency (the groups of articles/newsroom/migrations/0003)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP = "english"
WRITE = ["view_englishversion", "add_englishversion", "change_englishversion", "submit_englishversion"]
REVIEW = ["view_englishversion", "change_englishversion", "approve_englishversion", "publish_englishversion",
          "archive_englishversion"]  # fmt: skip
GRANTS = {
    "Biên tập viên": WRITE,
    "Người duyệt": REVIEW,
    "Quản trị trang": [*WRITE, *REVIEW, "delete_englishversion"],
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
    dependencies = [("english", "0001_initial"), ("articles", "0003_workflow_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
