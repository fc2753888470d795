"""A citizen on a phone (375×812): home → article → the official's page → the programme's page → search →
next page of results → an article found there → its print view."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser import harness
from tests.browser.seed import seed_city


def test_citizen_reads_follows_searches_and_prints_on_a_phone(start_journey):
    city = seed_city(extra_articles=24)
    citizen = start_journey(device=harness.PHONE)
    page = citizen.page
    # Record the print dialog instead of opening it (a headless browser has no printer).
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")

    citizen.open("/", "home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cổng thông tin Thành phố Hà Nội")
    citizen.assert_fits_phone_width()

    page.get_by_role("link", name=city.article.title).click()
    citizen.arrive("article")
    expect(page.get_by_role("heading", level=1)).to_have_text(city.article.title)
    expect(page.get_by_role("img", name=city.article.cover_alt)).to_be_visible()
    citizen.assert_fits_phone_width()

    page.get_by_role("link", name=city.official.full_name).click()
    citizen.arrive("official")
    expect(page.get_by_role("heading", level=1)).to_have_text(city.official.full_name)
    expect(page.locator("main").get_by_role("link", name=city.article.title)).to_be_visible()
    citizen.assert_fits_phone_width()

    page.go_back()
    citizen.arrive("article-again")
    page.get_by_role("link", name=f"Chương trình {city.programme.code}").click()
    citizen.arrive("programme")
    expect(page.get_by_role("heading", level=1)).to_contain_text(city.programme.code)
    expect(page.locator("main").get_by_role("link", name=city.article.title)).to_be_visible()
    citizen.assert_fits_phone_width()

    # Typed without diacritics, in the search box every page has (behind the menu button on a phone).
    page.locator("summary.menu-button").click()
    search_box = page.get_by_role("search", name="Tìm kiếm trên cổng thông tin").get_by_role("searchbox")
    search_box.fill("du an trong diem")
    search_box.press("Enter")
    citizen.arrive("search-results")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Tìm thấy")
    found_count = int(re.search(r"Tìm thấy (\d+) bài viết", status.inner_text()).group(1))
    assert 20 < found_count <= 40  # the 24 weekly reports and the demo articles on key projects: two pages
    results = page.locator(".search-results article")
    expect(results).to_have_count(20)
    expect(results.first.locator("mark").first).to_be_visible()
    citizen.assert_fits_phone_width()

    page.get_by_role("navigation", name="Phân trang").get_by_role("link", name="Trang sau").click()
    citizen.arrive("search-results-page-2")
    expect(page.get_by_role("navigation", name="Phân trang")).to_contain_text("Trang 2 / 2")
    expect(results).to_have_count(found_count - 20)
    citizen.assert_fits_phone_width()

    found = results.first.get_by_role("link").first
    title = found.inner_text()
    found.click()
    citizen.arrive("article-found")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.get_by_role("link", name="Bản in của bài viết").click()
    citizen.arrive("print-view")
    expect(page).to_have_url(re.compile(r"/ban-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    citizen.assert_fits_phone_width()
    page.get_by_role("button", name="In bài viết").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="In bài viết")).to_be_hidden()
    citizen.shot("print-view-on-paper")
    citizen.finish()
