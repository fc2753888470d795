"""Every admin page an editor uses costs at most 15 SQL queries, however much it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.newsroom import live_edits, services
from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_editor, make_official, make_programme

pytestmark = pytest.mark.django_db
BUDGET = 15


@pytest.fixture
def world():
    agency = make_agency("Sở Nội vụ")
    other = make_agency("Sở Tài chính")
    writer = make_editor("phongvien", roles=("writer",), agencies=(agency,))
    approver = make_editor("pheduyet", roles=("approver",), agencies=(agency, other))
    officials = [make_official() for _ in range(4)]
    programmes = [make_programme() for _ in range(4)]
    articles = [
        make_article(f"Bài số {n}", agency=agency if n % 2 else other, officials=officials, programmes=programmes)
        for n in range(30)
    ]
    published = articles[1]
    published.related.set(articles[2:8])
    live_edits.propose(
        article=published, by=writer, data=live_edits.data_of(published), expected_version=published.version
    )
    submitted = make_article("Bài chờ duyệt", agency=agency, status=Article.Status.DRAFT, officials=officials)
    services.submit(article=submitted, by=writer)
    return {"published": published, "submitted": submitted, "agency": agency, "approver": approver,
            "writer": writer, "programme": programmes[0]}  # fmt: skip


def pages(world) -> dict[str, str]:
    changelist = reverse("admin:articles_article_changelist")
    published, submitted = world["published"], world["submitted"]
    return {
        "desk": reverse("admin:index"),
        "list": changelist,
        "list_status": changelist + "?status__exact=published",
        "list_agency": changelist + f"?agency__id__exact={world['agency'].pk}",
        "list_programme": changelist + f"?programmes__id__exact={world['programme'].pk}",
        "list_search": changelist + "?q=B%C3%A0i+s%E1%BB%91",
        "list_date": changelist + "?published_at__year=2026",
        "list_facets": changelist + "?_facets=True",
        "add": reverse("admin:articles_article_add"),
        "change_published": reverse("admin:articles_article_change", args=[published.pk]),
        "change_submitted": reverse("admin:articles_article_change", args=[submitted.pk]),
        "history": reverse("admin:articles_article_history", args=[published.pk]),
        "approve": reverse("admin:articles_article_step", args=[submitted.pk, "duyet"]),
        "publish_edit": reverse("admin:articles_article_step", args=[published.pk, "dang-ban-sua"]),
        "preview": reverse("public:staff_preview", args=[submitted.pk]),
        "preview_edit": reverse("public:staff_preview_edit", args=[published.pk]),
        "related_autocomplete": reverse("admin:autocomplete")
        + "?app_label=articles&model_name=article&field_name=related&term=B%C3%A0i",
    }


@pytest.mark.parametrize("page", [
    "desk", "list", "list_status", "list_agency", "list_programme", "list_search", "list_date", "list_facets", "add",
    "change_published", "change_submitted", "history", "approve", "publish_edit", "preview", "preview_edit",
    "related_autocomplete",
])  # fmt: skip
def test_admin_page_stays_within_the_query_budget(client, world, page):
    client.force_login(world["writer"] if page == "add" else world["approver"])
    url = pages(world)[page]
    client.get(url)  # warm per-process caches (content types), as a running site has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert len(queries) <= BUDGET, "\n".join(f"{n}: {q['sql'][:160]}" for n, q in enumerate(queries, 1))
