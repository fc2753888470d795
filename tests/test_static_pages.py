"""Pages editors write (Giới thiệu, Liên hệ, Chính sách bảo mật, Điều khoản sử dụng, Tuyên bố về khả năng tiếp cận):
CKEditor in both languages, draft → submitted → published with revisions, the same sanitising as articles, linked
from the footer; an English slug clash refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from lxml import html as lxml_html
from reversion.models import Version

from articles.newsroom import item_steps, workflow
from articles.pages.models import Page
from tests.factories import make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins():
    return make_editor("quantri1", roles=("site_admin",)), make_editor("quantri2", roles=("site_admin",))


def publish(page: Page, admins) -> Page:
    item_steps.take(item=page, by=admins[0], step=workflow.SUBMIT)
    item_steps.take(item=page, by=admins[1], step=workflow.APPROVE)
    page.refresh_from_db()
    return page


def page_form(page: Page, **changes) -> dict[str, str]:
    data = {
        "kind": page.kind,
        "order": str(page.order),
        "title": page.title,
        "slug": page.slug,
        "body": page.body,
        "title_en": page.title_en,
        "slug_en": page.slug_en,
        "body_en": page.body_en,
    }
    data.update(changes)
    return data


def test_the_five_pages_exist_as_drafts_and_are_not_public_until_published(client):
    assert list(Page.objects.values_list("kind", "slug", "slug_en", "status")) == [
        ("about", "gioi-thieu", "about", "draft"),
        ("contact", "lien-he", "contact", "draft"),
        ("privacy", "chinh-sach-bao-mat", "privacy", "draft"),
        ("terms", "dieu-khoan-su-dung", "terms", "draft"),
        ("accessibility", "kha-nang-tiep-can", "accessibility", "draft"),
    ]
    assert client.get("/trang/gioi-thieu/").status_code == 404
    assert "footer-pages" not in client.get(reverse("public:home")).content.decode()


def test_a_site_administrator_writes_a_page_in_both_languages_with_ckeditor(client, admins):
    page = Page.objects.get(kind="about")
    client.force_login(admins[0])
    change = reverse("admin:pages_page_change", args=[page.pk])
    form = client.get(change).content.decode()
    assert form.count('data-type="ckeditortype"') == 2  # body and body_en
    response = client.post(
        change,
        page_form(
            page,
            body='<p onclick="x()">Cổng thông tin của <strong>Thành phố</strong>.</p><script>alert(1)</script>',
            body_en="<p>The portal of <strong>the City</strong>.</p><iframe src='https://evil.example/'></iframe>",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.body == "<p>Cổng thông tin của <strong>Thành phố</strong>.</p>"
    assert page.body_en == "<p>The portal of <strong>the City</strong>.</p>"
    assert page.status == "draft"


def test_a_published_page_shows_in_both_languages_and_in_the_footer(client, admins):
    page = Page.objects.get(kind="about")
    page.body, page.body_en = "<p>Giới thiệu cổng.</p>", "<p>About the portal.</p>"
    page.save()
    publish(page, admins)
    assert page.status == "published"
    vietnamese = lxml_html.fromstring(client.get("/trang/gioi-thieu/").content.decode())
    english = lxml_html.fromstring(client.get("/en/trang/about/").content.decode())
    assert vietnamese.cssselect("h1")[0].text_content() == "Giới thiệu"
    assert english.cssselect("h1")[0].text_content() == "About"
    assert "About the portal." in english.cssselect(".body")[0].text_content()
    assert [(a.get("href"), a.text_content()) for a in vietnamese.cssselect(".footer-pages a")] == [
        ("/trang/gioi-thieu/", "Giới thiệu")
    ]
    assert [(a.get("href"), a.text_content()) for a in english.cssselect(".footer-pages a")] == [
        ("/en/trang/about/", "About")
    ]
    pair = {link.get("hreflang"): link.get("href") for link in english.xpath('//link[@rel="alternate"][@hreflang]')}
    assert pair == {
        "vi": "http://testserver/trang/gioi-thieu/",
        "en": "http://testserver/en/trang/about/",
        "x-default": "http://testserver/trang/gioi-thieu/",
    }
    # Each language's slug leads to the other's address of the page.
    assert client.get("/en/trang/gioi-thieu/")["Location"] == "/en/trang/about/"
    assert client.get("/trang/about/")["Location"] == "/trang/gioi-thieu/"


def test_a_page_without_english_text_shows_the_vietnamese_marked_on_the_english_site(client, admins):
    page = Page.objects.get(kind="privacy")
    page.body = "<p>Chúng tôi không thu thập dữ liệu cá nhân.</p>"
    page.save()
    publish(page, admins)
    tree = lxml_html.fromstring(client.get("/en/trang/privacy/").content.decode())
    assert "Vietnamese only" in tree.cssselect(".vietnamese-only")[0].text_content()
    assert tree.cssselect('.body[lang="vi"]')[0].text_content() == "Chúng tôi không thu thập dữ liệu cá nhân."
    assert tree.xpath('//link[@rel="canonical"]/@href') == ["http://testserver/trang/chinh-sach-bao-mat/"]
    assert not tree.xpath('//link[@rel="alternate"][@hreflang]')
    vietnamese = lxml_html.fromstring(client.get("/trang/chinh-sach-bao-mat/").content.decode())
    assert not vietnamese.xpath('//link[@rel="alternate"][@hreflang]')


def test_an_english_slug_clash_is_refused_in_vietnamese_and_nothing_is_saved(client, admins):
    page = Page.objects.get(kind="terms")
    client.force_login(admins[0])
    for taken, owner in (("about", "Giới thiệu"), ("lien-he", "Liên hệ")):
        response = client.post(
            reverse("admin:pages_page_change", args=[page.pk]), page_form(page, slug_en=taken, title="Điều khoản mới")
        )
        assert response.status_code == 200
        assert f"Đường dẫn tiếng Anh “{taken}” đã được trang “{owner}” dùng; hãy chọn một đường dẫn khác." in (
            response.content.decode()
        )
        page.refresh_from_db()
        assert (page.title, page.slug_en) == ("Điều khoản sử dụng", "terms")


def test_pages_go_through_the_workflow_and_keep_revisions(client, admins):
    page = Page.objects.get(kind="contact")
    client.force_login(admins[0])
    change = reverse("admin:pages_page_change", args=[page.pk])
    client.post(change, page_form(page, body="<p>Bản một.</p>"))
    client.post(change, page_form(page, body="<p>Bản hai.</p>"))
    with pytest.raises(PermissionDenied, match="Bạn không có quyền gửi trang này để duyệt"):
        item_steps.take(item=page, by=make_editor("viet", roles=("writer",)), step=workflow.SUBMIT)
    assert (
        client.post(reverse("admin:pages_page_step", args=[page.pk, "gui-duyet"]), {"comment": ""}).status_code == 302
    )
    page.refresh_from_db()
    assert page.status == "submitted"
    with pytest.raises(PermissionDenied, match="quy tắc hai người"):
        item_steps.take(item=page, by=admins[0], step=workflow.APPROVE)
    item_steps.take(item=page, by=admins[1], step=workflow.APPROVE)
    versions = list(Version.objects.get_for_object(page).order_by("pk"))
    assert [v.field_dict["body"] for v in versions][:2] == ["<p>Bản một.</p>", "<p>Bản hai.</p>"]
    assert [v.revision.comment for v in versions][-2:] == ["Gửi duyệt", "Duyệt và đăng"]
    client.force_login(admins[1])
    assert client.post(reverse("admin:pages_page_revision", args=[page.pk, versions[0].pk])).status_code == 302
    page.refresh_from_db()
    assert (page.body, page.status) == ("<p>Bản một.</p>", "published")


def test_writers_cannot_reach_the_pages(client):
    client.force_login(make_editor("viet", roles=("writer", "approver")))
    assert client.get(reverse("admin:pages_page_changelist")).status_code == 403
