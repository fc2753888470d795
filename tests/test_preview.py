import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import services
from articles.newsroom.models import Article, WorkflowEvent
from tests.factories import make_agency, make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    agency = make_agency()
    article = make_article("Dự thảo thông cáo", agency=agency, status=Article.Status.DRAFT, body="<p>Nội dung nháp</p>")
    article.approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    article.writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    return article


def _link(client, article, days=None) -> str:
    client.force_login(article.approver)
    data = {"days": days or services.PREVIEW_DAYS}
    response = client.post(reverse("admin:articles_article_preview", args=[article.pk]), data)
    assert response.status_code == 200
    link = response.context["link"]
    client.logout()
    return re.sub(r"^https?://[^/]+", "", link)


def test_approver_creates_a_link_that_shows_the_draft_without_an_account(client, draft):
    path = _link(client, draft)
    assert path.startswith("/xem-truoc/")
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dự thảo thông cáo" in html and "Nội dung nháp" in html and "Bản xem trước" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert WorkflowEvent.objects.filter(action="preview", actor=draft.approver).exists()
    # The draft itself stays unpublished.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_link_expires_after_seven_days_by_default(client, draft):
    path = _link(client, draft)
    now = timezone.now()
    with time_machine.travel(now + datetime.timedelta(days=6, hours=23), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(now + datetime.timedelta(days=7, minutes=1), tick=False):
        response = client.get(path)
        assert response.status_code == 410 and "hết hạn" in response.content.decode()


def test_shorter_validity_can_be_chosen(client, draft):
    path = _link(client, draft, days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1), tick=False):
        assert client.get(path).status_code == 410


def test_link_dies_once_the_article_is_published(client, draft):
    path = _link(client, draft)
    services.submit(article=draft, by=draft.writer)
    assert client.get(path).status_code == 200  # still a submission
    services.approve(article=draft, by=draft.approver)
    response = client.get(path)
    assert response.status_code == 410 and "đã được đăng" in response.content.decode()


def test_tampered_link_is_refused(client, draft):
    path = _link(client, draft)
    assert client.get(path[:-3] + "abc/").status_code == 410
    assert client.get("/xem-truoc/khong-hop-le/").status_code == 410


def test_writer_cannot_create_preview_links(draft):
    with pytest.raises(PermissionDenied):
        services.create_preview_token(article=draft, by=draft.writer)


def test_other_agency_approver_cannot_create_preview_links(draft):
    outsider = make_editor("ngoai", roles=("approver",), agencies=(make_agency(),))
    with pytest.raises(PermissionDenied):
        services.create_preview_token(article=draft, by=outsider)


def test_no_preview_for_published_articles(draft):
    published = make_article(agency=draft.agency)
    with pytest.raises(services.WorkflowError):
        services.create_preview_token(article=published, by=draft.approver)
