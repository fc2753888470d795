"""Agencies, officials, press contacts, pages editors write and the English site in Chromium: valid HTML (Nu HTML
Checker) and no axe-core violations in both languages; a citizen switches an agency page to English and back, and
reaches a spokesperson's phone number from a press release in at most two clicks."""

from __future__ import annotations

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from articles.newsroom.models import Agency
from articles.pages.models import Page
from tests.browser import harness
from tests.browser.seed import seed_city
from tests.factories import make_agency, make_appointment, make_english_version, make_official, make_spokesperson


def seed_people():
    """The demo city plus what issue 17 shows: functions and contacts in both languages, a three-level chart, a
    former body, leaders with a portrait, a spokesperson, an English version and two published pages."""
    city = seed_city(extra_articles=3)
    agency = city.agency
    agency.name_en = "Department of Planning and Investment"
    agency.functions = "<p>Tham mưu cho UBND thành phố về <strong>quy hoạch, kế hoạch</strong> và đầu tư.</p>"
    agency.functions_en = "<p>Advises the City People's Committee on <strong>planning</strong> and investment.</p>"
    agency.working_hours, agency.working_hours_en = "Sáng 8:00–12:00, chiều 13:00–17:00", "8:00–12:00, 13:00–17:00"
    agency.address_en = "16 Cat Linh Street, Dong Da, Hanoi"
    agency.save()
    unit = make_agency("Phòng Đăng ký kinh doanh", parent=agency, name_en="Business Registration Office")
    make_agency("Tổ một cửa", parent=unit)
    make_agency("Sở cũ đã sáp nhập", status=Agency.Status.MERGED, superseded_by=agency)
    director = make_official("Nguyễn Mạnh Quyền", portrait_alt="Ông Nguyễn Mạnh Quyền")
    make_appointment(director, agency=agency, title="Giám đốc Sở", start=datetime.date(2020, 1, 1))
    director.appointments.update(title_en="Director")
    spokesperson = make_spokesperson(agency, director, phone="0912 345 678", email="baochi.khdt@hanoi.gov.vn")
    english = make_english_version(
        city.article, title="Speeding up key projects", slug="speeding-up-key-projects", body="<p>Key projects.</p>"
    )
    for kind, body, body_en in (
        ("about", "<p>Cổng thông tin của Thành phố.</p>", "<p>The City's portal.</p>"),
        ("accessibility", "<p>Cổng đáp ứng WCAG 2.1 mức AA.</p>", ""),
    ):
        Page.objects.filter(kind=kind).update(status="published", body=body, body_en=body_en)
    return city, spokesperson, english


def test_the_new_pages_are_valid_and_accessible_in_both_languages(start_journey):
    harness.require_vnu()
    city, spokesperson, english = seed_people()
    vietnamese = {
        "chart": reverse("public:agency_chart"),
        "agency": city.agency.get_absolute_url(),
        "official": spokesperson.official.get_absolute_url(),
        "release": city.article.get_absolute_url(),
        "page": "/trang/gioi-thieu/",
        "page-without-english": "/trang/kha-nang-tiep-can/",
    }
    pages = {
        **vietnamese,
        **{f"en-{name}": "/en" + path for name, path in vietnamese.items() if name not in ("release", "page")},
        "en-release": english.get_absolute_url(),
        "en-release-vietnamese-only": "/en"
        + city.article.agency.articles.exclude(pk=city.article.pk).first().get_absolute_url(),
        "en-page": "/en/trang/about/",
        "en-home": "/en/",
        "en-agency-list": "/en/co-quan/",
        "en-official-list": "/en/can-bo/",
        "en-search": "/en/tim-kiem/?q=du+an",
    }
    journey = start_journey()
    sources: dict[str, str] = {}
    violations: dict[str, str] = {}
    for name, path in pages.items():
        response = journey.page.goto(journey.url(path))
        assert response is not None and response.status == 200, f"{name}: {path} answered {response.status}"
        sources[name] = response.text()
        journey.shot(name)
        found = harness.axe_violations(journey.page)
        if found:
            violations[name] = harness.describe_violations(found)
    html_errors = harness.html_errors(sources)
    problems = [f"axe-core, {name}:\n{text}" for name, text in violations.items()]
    if html_errors:
        problems.append("Nu HTML Checker:\n" + harness.describe_html_errors(html_errors))
    assert not problems, "\n\n".join(problems)


def test_a_citizen_switches_an_agency_page_to_english_and_back(start_journey):
    city, _, _ = seed_people()
    citizen = start_journey()
    page = citizen.page
    citizen.open(city.agency.get_absolute_url(), "agency-vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(city.agency.name)

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    citizen.arrive("agency-en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/en" + city.agency.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Department of Planning and Investment")
    expect(page.get_by_role("heading", name="Functions and duties")).to_be_visible()
    expect(page.get_by_text("Advises the City People's Committee")).to_be_visible()
    expect(page.get_by_role("heading", name="Press contact")).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    citizen.arrive("agency-vi-again")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert page.url.endswith(city.agency.get_absolute_url()) and "/en/" not in page.url
    expect(page.get_by_role("heading", name="Chức năng, nhiệm vụ")).to_be_visible()
    citizen.finish()


def test_a_journalist_reaches_the_spokesperson_s_phone_from_a_release_in_two_clicks(start_journey):
    city, spokesperson, english = seed_people()
    journalist = start_journey(device=harness.PHONE)
    page = journalist.page
    journalist.open("/", "home")
    # Click 1: the release from the front page; the "Liên hệ báo chí" box is on it.
    page.get_by_role("link", name=city.article.title).click()
    journalist.arrive("release")
    box = page.get_by_role("region", name="Liên hệ báo chí")
    phone = box.get_by_role("link", name="0912 345 678")
    expect(phone).to_be_visible()
    expect(phone).to_have_attribute("href", "tel:+84912345678")
    expect(box).to_contain_text(f"{spokesperson.official.full_name}, Người phát ngôn")
    journalist.assert_fits_phone_width()
    # Click 2: the agency's contact details, where the same number stands with the agency's own.
    box.get_by_role("link", name="Thông tin liên hệ của cơ quan").click()
    journalist.arrive("agency-press-contacts")
    assert page.url.endswith(city.agency.get_absolute_url() + "#lien-he-bao-chi")
    expect(page.get_by_role("region", name="Liên hệ báo chí").get_by_role("link", name="0912 345 678")).to_be_visible()

    # The English release has the same box, in English.
    journalist.open(english.get_absolute_url(), "release-en")
    box = page.get_by_role("region", name="Press contact")
    expect(box).to_contain_text(f"{spokesperson.official.full_name}, Spokesperson")
    expect(box.get_by_role("link", name="0912 345 678")).to_have_attribute("href", "tel:+84912345678")
    journalist.finish()
