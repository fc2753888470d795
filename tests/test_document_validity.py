"""Validity follows from the dates and from published relations, never typed by hand; the page says why."""

import datetime

import pytest
from django.urls import reverse

from articles.documents import services
from articles.documents.models import Document
from articles.documents.validity import RelationKind, Validity
from tests.factories import make_agency, make_document

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 6, 1)


def validity_of(document: Document, day: datetime.date = DAY) -> str:
    return Document.objects.with_validity(day).get(pk=document.pk).validity


def test_dates_decide_before_effect_in_force_and_after_expiry():
    agency = make_agency()
    waiting = make_document(
        "1/QĐ-UBND", agency=agency, issued_on=datetime.date(2024, 5, 1), effective_on=datetime.date(2024, 7, 1)
    )
    running = make_document("2/QĐ-UBND", agency=agency, issued_on=datetime.date(2024, 1, 1))
    ended = make_document(
        "3/QĐ-UBND", agency=agency, issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2024, 5, 31)
    )
    last_day = make_document("4/QĐ-UBND", agency=agency, issued_on=datetime.date(2020, 1, 1), expires_on=DAY)
    assert validity_of(waiting) == Validity.NOT_YET
    assert validity_of(running) == Validity.IN_FORCE
    assert validity_of(ended) == Validity.EXPIRED
    assert validity_of(last_day) == Validity.IN_FORCE  # the expiry date is its last day in force


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (RelationKind.REPLACES, Validity.EXPIRED),
        (RelationKind.AMENDS, Validity.PARTLY),
        (RelationKind.SUSPENDS, Validity.SUSPENDED),
        (RelationKind.IMPLEMENTS, Validity.IN_FORCE),
        (RelationKind.GUIDES, Validity.IN_FORCE),
    ],
)
def test_relations_from_published_documents_in_effect_change_the_target(kind, expected):
    old = make_document("10/QĐ-UBND", issued_on=datetime.date(2020, 1, 1))
    new = make_document("12/2024/QĐ-UBND", issued_on=datetime.date(2024, 3, 15))
    services.relate(source=new, target=old, kind=kind)
    assert validity_of(old) == expected
    assert validity_of(old, datetime.date(2024, 3, 1)) == Validity.IN_FORCE  # before the new one took effect


def test_a_draft_or_withdrawn_replacement_changes_nothing():
    old = make_document("10/QĐ-UBND", issued_on=datetime.date(2020, 1, 1))
    new = make_document("12/2024/QĐ-UBND", issued_on=datetime.date(2024, 3, 15), status=Document.Status.DRAFT)
    services.relate(source=new, target=old, kind=RelationKind.REPLACES)
    assert validity_of(old) == Validity.IN_FORCE
    Document.objects.filter(pk=new.pk).update(status=Document.Status.WITHDRAWN)
    assert validity_of(old) == Validity.IN_FORCE


def test_replacement_outweighs_amendment_and_expiry_outweighs_the_effective_date():
    old = make_document("10/QĐ-UBND", issued_on=datetime.date(2020, 1, 1))
    amending = make_document("11/QĐ-UBND", issued_on=datetime.date(2022, 1, 1))
    replacing = make_document("12/2024/QĐ-UBND", issued_on=datetime.date(2024, 3, 15))
    services.relate(source=amending, target=old, kind=RelationKind.AMENDS)
    services.relate(source=replacing, target=old, kind=RelationKind.REPLACES)
    assert validity_of(old) == Validity.EXPIRED


def test_the_page_says_why_and_shows_the_relation_both_ways(client):
    old = make_document("10/QĐ-UBND", issued_on=datetime.date(2020, 1, 1))
    new = make_document("12/2024/QĐ-UBND", issued_on=datetime.date(2024, 3, 15))
    services.relate(source=new, target=old, kind=RelationKind.REPLACES)
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Hết hiệu lực toàn bộ" in old_page
    assert "Được thay thế bởi Quyết định số 12/2024/QĐ-UBND ngày 15/03/2024" in old_page
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert 'Thay thế: <a href="' + old.get_absolute_url() in new_page


def test_the_list_filters_by_validity(client):
    old = make_document("10/QĐ-UBND", issued_on=datetime.date(2020, 1, 1))
    new = make_document("12/2024/QĐ-UBND", issued_on=datetime.date(2024, 3, 15))
    services.relate(source=new, target=old, kind=RelationKind.REPLACES)
    page = client.get(reverse("documents:list"), {"hieu_luc": Validity.EXPIRED.value}).content.decode()
    assert old.get_absolute_url() in page and new.get_absolute_url() not in page
