"""The document types of Decree 30/2020 and common fields; the editorial groups' rights on documents; and a draft
founding document (type Chương trình) for every existing programme, so the register holds them without inventing
what a programme row does not say (its issue date: an editor completes it, then publishes)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.documents import numbers
from articles.newsroom.search_columns import folded_document
from articles.newsroom.text import slug_base, slugify_vi

LEGISLATION, REPORT, DOCUMENT = "Legislation", "Report", "DigitalDocument"
TYPES = [
    ("Nghị quyết", "NQ", LEGISLATION), ("Quyết định", "QĐ", LEGISLATION), ("Chỉ thị", "CT", LEGISLATION),
    ("Quy chế", "QC", LEGISLATION), ("Quy định", "QyĐ", LEGISLATION), ("Chương trình", "CTr", DOCUMENT),
    ("Kế hoạch", "KH", DOCUMENT), ("Kết luận", "KL", DOCUMENT), ("Thông báo", "TB", DOCUMENT),
    ("Thông cáo", "TC", DOCUMENT), ("Hướng dẫn", "HD", DOCUMENT), ("Phương án", "PA", DOCUMENT),
    ("Đề án", "ĐA", DOCUMENT), ("Dự án", "DA", DOCUMENT), ("Báo cáo", "BC", REPORT), ("Tờ trình", "TTr", DOCUMENT),
    ("Công điện", "CĐ", DOCUMENT), ("Công văn", "", DOCUMENT),
]  # fmt: skip
FIELDS = [
    "Đất đai", "Xây dựng, quy hoạch", "Giao thông vận tải", "Y tế", "Giáo dục và đào tạo", "Tài chính, ngân sách",
    "Kế hoạch và đầu tư", "Nội vụ", "Văn hóa, thể thao và du lịch", "Công thương", "Nông nghiệp và môi trường",
    "Khoa học, công nghệ và chuyển đổi số", "Lao động và xã hội", "Tư pháp", "Quốc phòng, an ninh", "Công tác Đảng",
]  # fmt: skip

WRITERS, APPROVERS, SITE_ADMINS = "Biên tập viên", "Người duyệt", "Quản trị trang"
EDITED_WITH_DOCUMENTS = ["documentfile", "documentrelation", "progressreport", "reportedvalue", "programmetarget"]
GROUP_PERMISSIONS = {
    WRITERS: [
        *[f"{action}_document" for action in ("view", "add", "change", "submit")],
        *[f"{action}_{model}" for model in EDITED_WITH_DOCUMENTS for action in ("view", "add", "change", "delete")],
        "view_programmereporting", "change_programmereporting", "view_documenttype", "view_documentfield",
        "view_numbersuggestion",
    ],
    APPROVERS: [
        *[f"{action}_document" for action in ("view", "change", "approve", "publish", "withdraw", "archive")],
        *[f"{action}_{model}" for model in EDITED_WITH_DOCUMENTS for action in ("view", "add", "change", "delete")],
        "view_documentevent", "view_programmereporting", "change_programmereporting", "view_documenttype",
        "view_documentfield", "view_numbersuggestion",
    ],
    SITE_ADMINS: [
        *[f"{action}_document" for action in
          ("view", "add", "change", "delete", "submit", "approve", "publish", "withdraw", "archive")],
        *[f"{action}_{model}" for model in
          [*EDITED_WITH_DOCUMENTS, "documenttype", "documentfield", "numbersuggestion", "programmereporting"]
          for action in ("view", "add", "change", "delete")],
        "view_documentevent",
    ],
}  # fmt: skip


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentField = apps.get_model("documents", "DocumentField")
    for order, (name, symbol, schema) in enumerate(TYPES, start=1):
        DocumentType.objects.get_or_create(
            name=name, defaults={"symbol": symbol, "schema_type": schema, "order": order, "slug": slugify_vi(name)}
        )
    for name in FIELDS:
        DocumentField.objects.get_or_create(name=name, defaults={"slug": slugify_vi(name)})


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label="documents", codename=codename))


def found_programmes(apps, schema_editor):
    """Each programme gets its founding document, a draft holding what the programme row says."""
    Programme = apps.get_model("articles", "Programme")
    Document = apps.get_model("documents", "Document")
    DocumentType = apps.get_model("documents", "DocumentType")
    programme_type = DocumentType.objects.get(symbol="CTr")
    taken = set(Document.objects.values_list("slug", flat=True))
    for programme in Programme.objects.filter(founding_document__isnull=True).order_by("pk"):
        parsed = numbers.parse_printed(programme.code)
        if parsed is None:
            continue
        number = parsed.printed
        slug = base = slug_base(f"{number} {programme.start_year or ''}", max_length=120)
        suffix = 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        title = f"{programme_type.name} số {number}"
        summary = programme.title or f"Chương trình {number}"
        Document.objects.create(
            document_type=programme_type,
            number=number,
            summary=summary,
            description=programme.summary,
            agency_id=programme.issuing_agency_id,
            programme=programme,
            slug=slug,
            title=title,
            number_key=parsed.key,
            number_value=parsed.number,
            type_key=parsed.type_key,
            issuer_key=parsed.issuer_key,
            year=programme.start_year,
            search_folded=folded_document(title, summary, programme.summary),
            status="draft",
        )


def unfound_programmes(apps, schema_editor):
    apps.get_model("documents", "Document").objects.filter(programme__isnull=False, status="draft").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("articles", "0003_workflow_groups"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(found_programmes, unfound_programmes),
    ]
