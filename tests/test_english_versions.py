"""An editor-written English version of an article: its own workflow through the one table (draft → submitted →
published), within the editor's agencies, with revisions; its English slug never clashes; nothing is half-saved."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from reversion.models import Version

from articles.english.models import EnglishVersion
from articles.newsroom import item_steps, workflow
from articles.newsroom.services import WorkflowError
from tests.factories import make_agency, make_article, make_editor, make_english_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    agency = make_agency("Sở Du lịch")
    return {
        "agency": agency,
        "article": make_article("Lễ hội mùa thu Hà Nội", agency=agency),
        "writer": make_editor("viet", roles=("writer",), agencies=(agency,)),
        "approver": make_editor("duyet", roles=("approver",), agencies=(agency,)),
        "outsider": make_editor("ngoai", roles=("writer", "approver"), agencies=(make_agency(),)),
    }


def add_form(article, **fields) -> dict[str, str]:
    return {
        "article": str(article.pk),
        "title": "Hanoi Autumn Festival",
        "slug": "",
        "lead": "A festival in the Old Quarter.",
        "body": "<p>Music <em>and</em> food.</p><script>alert(1)</script>",
        **fields,
    }


def test_a_writer_drafts_and_submits_an_approver_publishes(client, newsroom):
    article, writer, approver = newsroom["article"], newsroom["writer"], newsroom["approver"]
    client.force_login(writer)
    response = client.post(reverse("admin:english_englishversion_add"), add_form(article))
    assert response.status_code == 302, response.content.decode()[:2000]
    english = EnglishVersion.objects.get(article=article)
    assert (english.status, english.slug, english.created_by) == ("draft", "hanoi-autumn-festival", writer)
    assert english.body == "<p>Music <em>and</em> food.</p>"  # sanitised like articles
    assert client.get("/en/bai-viet/hanoi-autumn-festival/").status_code == 404

    step = reverse("admin:english_englishversion_step", args=[english.pk, workflow.SUBMIT.slug])
    assert client.post(step, {"comment": ""}).status_code == 302
    english.refresh_from_db()
    assert (english.status, english.submitted_by) == ("submitted", writer)
    with pytest.raises(PermissionDenied, match="Bạn không có quyền duyệt bản tiếng Anh này"):
        item_steps.take(item=english, by=writer, step=workflow.APPROVE)

    client.force_login(approver)
    approve = reverse("admin:english_englishversion_step", args=[english.pk, workflow.APPROVE.slug])
    assert client.post(approve, {"comment": ""}).status_code == 302
    english.refresh_from_db()
    assert english.status == "published" and english.published_at is not None
    assert client.get("/en/bai-viet/hanoi-autumn-festival/").status_code == 200


def test_the_english_version_has_its_own_state_apart_from_the_article(newsroom):
    english = make_english_version(newsroom["article"], status="draft")
    item_steps.take(item=english, by=newsroom["writer"], step=workflow.SUBMIT)
    newsroom["article"].refresh_from_db()
    assert newsroom["article"].status == "published"
    english.refresh_from_db()
    assert english.status == "submitted"


def test_whoever_submitted_may_not_approve_and_a_rejection_needs_a_reason(newsroom):
    both = make_editor("caihai", roles=("writer", "approver"), agencies=(newsroom["agency"],))
    english = make_english_version(newsroom["article"], status="draft")
    item_steps.take(item=english, by=both, step=workflow.SUBMIT)
    with pytest.raises(PermissionDenied, match="quy tắc hai người"):
        item_steps.take(item=english, by=both, step=workflow.APPROVE)
    with pytest.raises(WorkflowError, match="Hãy ghi lý do trả lại"):
        item_steps.take(item=english, by=newsroom["approver"], step=workflow.REJECT, comment="  ")
    item_steps.take(item=english, by=newsroom["approver"], step=workflow.REJECT, comment="Sửa tiêu đề")
    english.refresh_from_db()
    assert (english.status, english.submitted_by) == ("draft", None)


def test_a_step_from_the_wrong_state_is_refused(newsroom):
    english = make_english_version(newsroom["article"], status="draft")
    with pytest.raises(WorkflowError, match="với bản tiếng Anh đang ở trạng thái “Bản nháp”"):
        item_steps.take(item=english, by=newsroom["approver"], step=workflow.APPROVE)


def test_editors_of_another_agency_neither_see_nor_take_steps(client, newsroom):
    english = make_english_version(newsroom["article"], status="draft")
    outsider = newsroom["outsider"]
    with pytest.raises(PermissionDenied, match="thuộc cơ quan khác"):
        item_steps.take(item=english, by=outsider, step=workflow.SUBMIT)
    client.force_login(outsider)
    assert client.get(reverse("admin:english_englishversion_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:english_englishversion_change", args=[english.pk])).status_code == 302


@pytest.mark.parametrize("clash", ["another English version", "another article's Vietnamese slug"])
def test_an_english_slug_clash_is_refused_in_vietnamese_and_nothing_is_saved(client, newsroom, clash):
    other = make_article("Phố đi bộ Hồ Gươm", agency=newsroom["agency"])
    if clash == "another English version":
        make_english_version(other, title="Walking street", slug="walking-street")
        taken, owner = "walking-street", "bản tiếng Anh của bài “Phố đi bộ Hồ Gươm”"
    else:
        taken, owner = other.slug, "bài tiếng Việt “Phố đi bộ Hồ Gươm”"
    client.force_login(newsroom["writer"])
    response = client.post(reverse("admin:english_englishversion_add"), add_form(newsroom["article"], slug=taken))
    assert response.status_code == 200
    assert f"Đường dẫn tiếng Anh “{taken}” đã được dùng cho {owner}; hãy chọn một đường dẫn khác." in (
        response.content.decode()
    )
    assert not EnglishVersion.objects.filter(article=newsroom["article"]).exists()


def test_every_save_and_step_keeps_a_revision_and_restoring_one_keeps_the_state(client, newsroom):
    article, writer = newsroom["article"], newsroom["writer"]
    client.force_login(writer)
    client.post(reverse("admin:english_englishversion_add"), add_form(article, title="First title"))
    english = EnglishVersion.objects.get(article=article)
    change = reverse("admin:english_englishversion_change", args=[english.pk])
    client.post(change, add_form(article, title="Second title", slug=english.slug))
    item_steps.take(item=english, by=writer, step=workflow.SUBMIT)
    versions = list(Version.objects.get_for_object(english).order_by("pk"))
    assert [version.field_dict["title"] for version in versions] == ["First title", "Second title", "Second title"]
    assert versions[-1].revision.comment == "Gửi duyệt"

    client.force_login(newsroom["approver"])
    page = reverse("admin:english_englishversion_revision", args=[english.pk, versions[0].pk])
    assert "First title" in client.get(page).content.decode()
    assert client.post(page).status_code == 302
    english.refresh_from_db()
    assert (english.title, english.status) == ("First title", "submitted")


def test_publishing_an_english_version_reaches_cached_pages_at_once(client, newsroom):
    article = newsroom["article"]
    english = make_english_version(article, status="submitted", slug="autumn")
    cache.clear()
    assert 'rel="alternate" hreflang="en"' not in client.get(article.get_absolute_url()).content.decode()
    item_steps.take(item=english, by=newsroom["approver"], step=workflow.APPROVE)
    assert 'rel="alternate" hreflang="en"' in client.get(article.get_absolute_url()).content.decode()
