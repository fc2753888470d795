"""Loads the Hanoi demo directory and articles, and a demo editor account."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, call_command

from articles.newsroom import rights, search_columns
from articles.newsroom.models import Agency, Article, EditorMembership

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
# Spokespersons, an English version, published pages (apps above the newsroom: loaded by name only).
DEMO_PEOPLE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_people.json"
DEMO_USERNAME = "bientap"
DEMO_PASSWORD = "bientap-demo-2018"
DEMO_APPROVER_USERNAME = "duyetbai"
DEMO_APPROVER_PASSWORD = "duyetbai-demo-2018"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cơ quan, cán bộ, chương trình, bài viết) và tài khoản biên tập viên mẫu."

    def handle(self, *args, **options) -> None:
        call_command("loaddata", str(DEMO_FIXTURE), verbosity=0)
        call_command("loaddata", str(DEMO_PEOPLE_FIXTURE), verbosity=0)
        # loaddata saves raw rows, skipping Article.save(), so the derived search columns are filled here.
        search_columns.rebuild(Article)
        # A first revision for demo articles that have none, so their history starts here.
        call_command("createinitialrevisions", "articles.Article", comment="Dữ liệu mẫu", verbosity=0)
        # The demo editor writes and approves for every demo agency; the second account approves what the
        # first submitted, since nobody may approve their own submission (the two-person rule).
        self.demo_staff(DEMO_USERNAME, DEMO_PASSWORD, "Biên tập viên", [rights.WRITERS, rights.APPROVERS])
        self.demo_staff(DEMO_APPROVER_USERNAME, DEMO_APPROVER_PASSWORD, "Người duyệt", [rights.APPROVERS])
        self.stdout.write(
            "Đã nạp dữ liệu mẫu.\n"
            "Trang quản trị: http://127.0.0.1:8000/quan-tri/\n"
            f"  biên tập viên: tài khoản {DEMO_USERNAME}  mật khẩu {DEMO_PASSWORD}\n"
            f"  người duyệt:   tài khoản {DEMO_APPROVER_USERNAME}  mật khẩu {DEMO_APPROVER_PASSWORD}"
        )

    def demo_staff(self, username: str, password: str, first_name: str, groups: list[str]) -> None:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": "mẫu"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.user_permissions.clear()
        user.groups.set(Group.objects.filter(name__in=groups))
        for agency in Agency.objects.all():
            EditorMembership.objects.get_or_create(user=user, agency=agency)
