"""An article's text or an imported legacy file that names a document by its number links to it (and the document
lists the article); an unknown number becomes a suggestion for an editor, never an invented document."""

import datetime

import pytest

from articles.documents.models import Document, DocumentMention, NumberSuggestion
from articles.newsroom.models import Article
from tests.factories import article_form_data, make_agency, make_article, make_document, make_editor
from tests.legacy_helpers import Run, default_agency, legacy_text, write_legacy

pytestmark = pytest.mark.django_db
BODY = "<p>Triển khai Quyết định số 1234/QĐ-UBND và Kế hoạch 56/KH-UBND của Thành phố.</p>"


def test_a_saved_article_links_the_documents_it_names_and_suggests_the_others(client):
    decision = make_document("1234/QĐ-UBND", issued_on=datetime.date(2024, 2, 1))
    article = make_article("Triển khai quyết định", body=BODY)
    assert list(article.documents.all()) == [decision]
    assert list(NumberSuggestion.objects.values_list("number", flat=True)) == ["56/KH-UBND"]
    assert Document.objects.count() == 1  # nothing invented
    article_page = client.get(article.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in article_page
    document_page = client.get(decision.get_absolute_url()).content.decode()
    assert "Bài viết nhắc đến văn bản" in document_page and article.get_absolute_url() in document_page


def test_editing_the_text_updates_the_links():
    make_document("1234/QĐ-UBND")
    article = make_article("Bài", body=BODY)
    article.body = "<p>Không còn nhắc văn bản nào.</p>"
    article.save()
    assert not DocumentMention.objects.exists() and not NumberSuggestion.objects.exists()


def test_a_suggestion_becomes_a_link_once_the_document_is_added():
    article = make_article("Bài", body=BODY)
    assert NumberSuggestion.objects.count() == 2
    plan = make_document("56/KH-UBND", issued_on=datetime.date(2024, 2, 1))
    assert list(plan.mentioned_in.all()) == [article]
    assert list(NumberSuggestion.objects.values_list("number", flat=True)) == ["1234/QĐ-UBND"]


def test_among_several_years_the_newest_issued_by_the_articles_year_is_linked():
    agency = make_agency()
    old = make_document("06-CTr/TU", agency=agency, issued_on=datetime.date(2016, 3, 1))
    new = make_document("06-CTr/TU", agency=agency, issued_on=datetime.date(2021, 3, 17))
    article_2018 = make_article(
        "Bài 2018",
        body="<p>Chương trình 06-CTr/TU</p>",
        published_at=datetime.datetime(2018, 5, 1, tzinfo=datetime.UTC),
    )
    article_2024 = make_article("Bài 2024", body="<p>Chương trình 06-CTr/TU</p>")
    assert list(article_2018.documents.all()) == [old]
    assert list(article_2024.documents.all()) == [new]


def test_an_editor_saving_in_the_admin_links_too(client):
    agency = make_agency()
    decision = make_document("1234/QĐ-UBND")
    writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    client.force_login(writer)
    article = make_article("Bài nháp", agency=agency, status=Article.Status.DRAFT)
    data = article_form_data(article, body=BODY)
    response = client.post(f"/quan-tri/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(article.documents.all()) == [decision]


def test_an_imported_legacy_file_links_known_numbers_and_suggests_unknown_ones(tmp_path):
    default_agency()
    decision = make_document("1234/QĐ-UBND", issued_on=datetime.date(2017, 2, 1))
    path = write_legacy(
        tmp_path,
        "900_a",
        legacy_text("Hà Nội triển khai quyết định", body=["Theo Quyết định số 1234/QĐ-UBND và Thông báo 99/TB-UBND."]),
    )
    run = Run(path)
    assert run.status == 0, run.out + run.err
    article = Article.objects.get(legacy_id="900_a")
    assert list(article.documents.all()) == [decision]
    assert list(NumberSuggestion.objects.filter(article=article).values_list("number", flat=True)) == ["99/TB-UBND"]
    # Imported again with another text: the links follow the text, all in the file's transaction.
    write_legacy(tmp_path, "900_a", legacy_text("Hà Nội triển khai quyết định", body=["Không nhắc văn bản."]))
    assert Run(path).status == 0
    assert not DocumentMention.objects.exists() and not NumberSuggestion.objects.exists()
    assert Document.objects.count() == 1
