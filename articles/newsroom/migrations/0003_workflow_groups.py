"""Creates the three editorial groups with their permissions (issue 4: editorial workflow)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = "Biên tập viên"
APPROVERS = "Người duyệt"
SITE_ADMINS = "Quản trị trang"

DIRECTORY = ["agency", "official", "appointment", "programme"]

GROUP_PERMISSIONS = {
    # Create and edit drafts of their agencies, submit them; add officials and programmes they mention.
    WRITERS: [
        ("articles", "view_article"),
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "submit_article"),
        ("articles", "view_agency"),
        *[
            ("articles", f"{action}_{model}")
            for model in ["official", "appointment", "programme"]
            for action in ["view", "add", "change"]
        ],
    ],
    # Review their agencies' submissions: approve (publish, schedule), reject, withdraw, archive, preview.
    APPROVERS: [
        ("articles", "view_article"),
        ("articles", "change_article"),
        ("articles", "approve_article"),
        ("articles", "publish_article"),
        ("articles", "withdraw_article"),
        ("articles", "archive_article"),
        ("articles", "preview_article"),
        ("articles", "view_workflowevent"),
        *[("articles", f"view_{model}") for model in DIRECTORY],
    ],
    # Run the site: every agency, the directory, accounts and memberships, unlocking throttled logins.
    SITE_ADMINS: [
        *[
            ("articles", f"{action}_article")
            for action in [
                "view",
                "add",
                "change",
                "delete",
                "submit",
                "approve",
                "publish",
                "withdraw",
                "archive",
                "preview",
            ]
        ],
        ("articles", "access_all_agencies"),
        ("articles", "view_workflowevent"),
        *[
            ("articles", f"{action}_{model}")
            for model in [*DIRECTORY, "editormembership"]
            for action in ["view", "add", "change", "delete"]
        ],
        ("auth", "view_user"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_group"),
        ("axes", "view_accessattempt"),
        ("axes", "delete_accessattempt"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise RuntimeError(f"Permission {app_label}.{codename} is missing")
            group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUP_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
