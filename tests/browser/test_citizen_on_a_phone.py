"""A citizen on a phone (375×812): home → article → the official's page → the programme's page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import harness
from tests.browser.seed import seed_city


def test_citizen_reads_an_article_and_follows_its_official_and_programme_on_a_phone(start_journey):
    city = seed_city()
    citizen = start_journey(device=harness.PHONE)
    page = citizen.page

    citizen.open("/", "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin mới")
    citizen.assert_fits_phone_width()

    page.get_by_role("link", name=city.article.title).click()
    citizen.arrive("article")
    expect(page.get_by_role("heading", level=1)).to_have_text(city.article.title)
    expect(page.get_by_role("img", name=city.article.cover_alt)).to_be_visible()
    citizen.assert_fits_phone_width()

    page.get_by_role("link", name=city.official.full_name).click()
    citizen.arrive("official")
    expect(page.get_by_role("heading", level=1)).to_have_text(city.official.full_name)
    expect(page.get_by_role("link", name=city.article.title)).to_be_visible()
    citizen.assert_fits_phone_width()

    page.go_back()
    citizen.arrive("article-again")
    page.get_by_role("link", name=f"Chương trình {city.programme.code}").click()
    citizen.arrive("programme")
    expect(page.get_by_role("heading", level=1)).to_contain_text(city.programme.code)
    expect(page.get_by_role("link", name=city.article.title)).to_be_visible()
    citizen.assert_fits_phone_width()

    citizen.finish()
