"""Editors enter what the agency and official pages show: functions in CKEditor, the English texts, titles in
English, a portrait through the one upload rule with its alt text, contacts and whether they are public."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from articles.newsroom.models import Agency, Official, StoredPicture
from tests.factories import make_agency, picture_file

pytestmark = pytest.mark.django_db


def test_the_agency_form_has_functions_in_ckeditor_and_the_english_texts(admin_client):
    agency = make_agency("Sở Y tế")
    form = admin_client.get(reverse("admin:articles_agency_change", args=[agency.pk])).content.decode()
    assert form.count('data-type="ckeditortype"') == 2  # functions, functions_en
    for field in ("name_en", "address_en", "working_hours", "working_hours_en"):
        assert f'name="{field}"' in form
    data = {
        "name": "Sở Y tế",
        "slug": agency.slug,
        "kind": agency.kind,
        "status": "active",
        "name_en": "Department of Health",
        "functions": "<p>Quản lý <em>y tế</em>.</p><script>x()</script>",
        "functions_en": "<p>Manages <em>health</em>.</p>",
        "phone": "(024) 3998 5765",
        "working_hours": "Sáng 8:00–12:00",
        "spokespersons-TOTAL_FORMS": "0",
        "spokespersons-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:articles_agency_change", args=[agency.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert (agency.name_en, agency.phone) == ("Department of Health", "024 3998 5765")
    assert agency.functions == "<p>Quản lý <em>y tế</em>.</p>"


def test_a_website_typed_without_its_scheme_is_saved_as_https(admin_client):
    agency = make_agency("Sở Xây dựng")
    data = {
        "name": "Sở Xây dựng",
        "slug": agency.slug,
        "kind": agency.kind,
        "status": "active",
        "website": "soxaydung.hanoi.gov.vn",
        "spokespersons-TOTAL_FORMS": "0",
        "spokespersons-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:articles_agency_change", args=[agency.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert agency.website == "https://soxaydung.hanoi.gov.vn"


def official_form(**changes) -> dict:
    data = {
        "full_name": "Nguyễn Văn Chân Dung",
        "slug": "",
        "portrait_alt": "",
        "biography": "",
        "biography_en": "",
        "phone": "",
        "email": "",
        "appointments-TOTAL_FORMS": "1",
        "appointments-INITIAL_FORMS": "0",
        "appointments-0-title": "Giám đốc Sở",
        "appointments-0-title_en": "Director",
        "appointments-0-agency": str(make_agency("Sở Văn hóa").pk),
        "appointments-0-start_date": "01/01/2024",
        "appointments-0-order": "0",
    }
    data.update(changes)
    return data


def test_a_portrait_needs_its_alt_text_and_goes_through_the_upload_rule(admin_client):
    url = reverse("admin:articles_official_add")
    refused = admin_client.post(url, official_form(portrait=picture_file("chan-dung.png")))
    assert refused.status_code == 200
    assert "Hãy nhập mô tả ảnh chân dung (alt)" in refused.content.decode()
    assert not Official.objects.exists()

    saved = admin_client.post(
        url,
        official_form(
            portrait=picture_file("chan-dung.png"),
            portrait_alt="Ông Chân Dung",
            phone="0912345678",
            contacts_public="on",
        ),  # fmt: skip
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    official = Official.objects.get()
    assert official.portrait.name.startswith("officials/") and "chan-dung" not in official.portrait.name
    assert StoredPicture.objects.get(name=official.portrait.name).label == "chan-dung.png"
    assert (official.portrait_alt, official.phone, official.contacts_public) == ("Ông Chân Dung", "0912 345 678", True)
    appointment = official.appointments.get()
    assert (appointment.title_en, appointment.start_date) == ("Director", datetime.date(2024, 1, 1))


def test_a_bad_official_phone_is_refused_in_vietnamese(admin_client):
    response = admin_client.post(reverse("admin:articles_official_add"), official_form(phone="0912"))
    assert "không đúng dạng số điện thoại Việt Nam" in response.content.decode()
    assert not Official.objects.exists()
    assert not Agency.objects.filter(name="Sở Văn hóa", appointments__isnull=False).exists()
