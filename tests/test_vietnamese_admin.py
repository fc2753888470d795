"""The admin, its messages and the error pages speak Vietnamese; Django's own English is overridden by the compiled
catalogue committed in locale/ (no gettext needed on a fresh machine)."""

import gettext
import json
import os
import re
from html import unescape
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_agency, make_article, make_editor, make_official, make_programme

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent


def catalogue_of(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_catalogue_is_compiled_from_the_po_file(domain, tmp_path):
    compiled = tmp_path / f"{domain}.mo"
    polib.pofile(str(LOCALE / f"{domain}.po")).save_as_mofile(str(compiled))
    assert catalogue_of(LOCALE / f"{domain}.mo") == catalogue_of(compiled), "run `make messages` and commit the .mo"


def english_messages() -> set[str]:
    """Django's own English messages of the admin and auth: none may reach an editor untranslated."""
    found = set()
    for app in ("contrib/admin", "contrib/auth", "contrib/contenttypes"):
        for entry in polib.pofile(str(DJANGO / app / "locale" / "en" / "LC_MESSAGES" / "django.po")):
            text = re.sub(r"%\(\w+\)s|%s|\{\w*\}", "", entry.msgid)
            if len(text.split()) >= 2 and "<" not in text:
                found.add(" ".join(text.split()))
    return found


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_no_english_left_on_the_editors_pages(client):
    agency = make_agency()
    official, programme = make_official(), make_programme()
    article = make_article(agency=agency, officials=[official], programmes=[programme])
    approver = make_editor("pheduyet", roles=("approver", "site_admin"), agencies=(agency,))
    client.force_login(approver)
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?_facets=True&status__exact=published",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_agency_history", args=[agency.pk]),
        reverse("admin:articles_official_change", args=[official.pk]),
        reverse("admin:articles_programme_changelist"),
        reverse("admin:password_change"),
    ]
    english = english_messages()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        left = sorted(message for message in english if message in text)
        assert not left, f"{url}: {left}"
    facets = client.get(reverse("admin:articles_programme_changelist")).content.decode()
    assert "Hiện số lượng" in facets and "Show counts" not in facets
    history = client.get(reverse("admin:articles_agency_history", args=[agency.pk])).content.decode()
    assert " entry" not in history


def test_the_admins_own_script_strings_are_vietnamese(client):
    client.force_login(make_editor("phongvien", roles=("writer",), agencies=(make_agency(),)))
    script = client.get(reverse("admin:jsi18n")).content.decode()
    for text in ("Chủ Nhật", "Chọn tất cả %s"):
        assert json.dumps(text)[1:-1] in script or text in script, text


def test_error_pages_are_vietnamese(client, settings):
    editor = make_editor("ngoai", roles=("writer",), agencies=(make_agency(),))
    other = make_article("Bài cơ quan khác", agency=make_agency())
    client.force_login(editor)
    denied = client.get(reverse("admin:articles_article_history", args=[other.pk]))
    assert denied.status_code in (302, 403)
    forbidden = client.get(reverse("public:staff_preview", args=[other.pk]))
    assert forbidden.status_code == 403
    page = forbidden.content.decode()
    assert "Bạn không có quyền xem trang này" in page and "Forbidden" not in page and 'lang="vi"' in page
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()

    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "Biểu mẫu đã hết hạn" in text and "CSRF verification failed" not in text and "Forbidden" not in text
    for name in ("400.html", "403.html", "403_csrf.html", "404.html", "500.html"):
        assert (Path(settings.BASE_DIR) / "templates" / name).is_file(), name


def test_the_locale_needs_no_gettext():
    """`make run` and `make test` on a fresh machine: the compiled files are in the repository."""
    assert Path(settings.LOCALE_PATHS[0]) == LOCALE.parent.parent
    for domain in ("django", "djangojs"):
        assert (LOCALE / f"{domain}.mo").is_file()
    assert os.access(LOCALE / "django.mo", os.R_OK)
