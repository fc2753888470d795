"""The five pages a portal publishes, as drafts for editors to write; site administrators write and approve them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APP = "pages"
PAGES = [
    ("about", "Giới thiệu", "gioi-thieu", "About", "about"),
    ("contact", "Liên hệ", "lien-he", "Contact", "contact"),
    ("privacy", "Chính sách bảo mật", "chinh-sach-bao-mat", "Privacy policy", "privacy"),
    ("terms", "Điều khoản sử dụng", "dieu-khoan-su-dung", "Terms of use", "terms"),
    ("accessibility", "Tuyên bố về khả năng tiếp cận", "kha-nang-tiep-can", "Accessibility statement", "accessibility"),
]
GRANTS = {
    "Quản trị trang": [
        f"{action}_page" for action in ("view", "add", "change", "delete", "submit", "approve", "publish", "archive")
    ],
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


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for order, (kind, title, slug, title_en, slug_en) in enumerate(PAGES):
        Page.objects.get_or_create(
            kind=kind, defaults={"title": title, "slug": slug, "title_en": title_en, "slug_en": slug_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), ("articles", "0003_workflow_groups")]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]
