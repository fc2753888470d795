"""Loads the Hanoi demo directory and articles, and a demo editor account."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command

from articles import rights
from articles.models import Agency, EditorMembership

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
DEMO_USERNAME = "bientap"
DEMO_PASSWORD = "bientap-demo-2018"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cơ quan, cán bộ, chương trình, bài viết) và tài khoản biên tập viên mẫu."

    def handle(self, *args, **options) -> None:
        call_command("loaddata", str(DEMO_FIXTURE), verbosity=0)
        # A first revision for demo articles that have none, so their history starts here.
        call_command("createinitialrevisions", "articles.Article", comment="Dữ liệu mẫu", verbosity=0)
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "Biên tập viên", "last_name": "mẫu"}
        )
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        # The demo editor writes and approves for every demo agency (a second account is still needed to
        # approve what it submitted itself: the two-person rule).
        user.user_permissions.clear()
        user.groups.set(Group.objects.filter(name__in=[rights.WRITERS, rights.APPROVERS]))
        for agency in Agency.objects.all():
            EditorMembership.objects.get_or_create(user=user, agency=agency)
        self.stdout.write(
            "Đã nạp dữ liệu mẫu.\n"
            f"Trang quản trị: http://127.0.0.1:8000/quan-tri/  tài khoản: {DEMO_USERNAME}  mật khẩu: {DEMO_PASSWORD}"
        )
