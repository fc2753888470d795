"""The portal as a citizen recognises it, in Chromium at a phone's and a desktop's width: home, a section, an article
and an agency photographed (test-artifacts/screenshots/), checked with axe-core on the way and with the Nu HTML
Checker; an official header at most ~120 px tall on a phone, whose menu opens without JavaScript; feeds that read
as a page."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from articles.newsroom.models import Article, Section
from articles.site.emblem import clean_emblem
from articles.site.models import MenuItem, SiteSettings
from tests.browser import harness
from tests.browser.seed import seed_city

WIDE = {"viewport": {"width": 1366, "height": 900}}
MAX_HEADER_HEIGHT = 120


def portal_pages(city) -> dict[str, str]:
    section = Section.objects.get(slug="kinh-te")
    return {
        "home": reverse("public:home"),
        "section": section.get_absolute_url(),
        "article": city.article.get_absolute_url(),
        "agency": city.agency.get_absolute_url(),
    }


# A plain stand-in for an emblem (a star in a circle): the header is photographed as a portal shows it.
EMBLEM = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="46" fill="#c8102e" '
    'stroke="#ffd200" stroke-width="4"/><path fill="#ffd200" d="M48 18l8.8 27.1h28.5L62.2 61.8l8.8 27.1L48 '
    '72.2 24.9 88.9l8.8-27.1L10.7 45.1h28.5z"/></svg>'
)


def seed_portal():
    city = seed_city(extra_articles=24)
    site = SiteSettings.current()
    emblem = clean_emblem(SimpleUploadedFile("bieu-trung.svg", EMBLEM.encode(), content_type="image/svg+xml"))
    site.emblem, site.emblem_width, site.emblem_height = emblem, emblem.width, emblem.height
    site.save()
    economy = Section.objects.get(slug="kinh-te")
    for article in Article.objects.filter(title__startswith="Tiến độ dự án trọng điểm"):
        article.sections.set([economy])
    return city


def test_home_section_article_and_agency_at_phone_and_desktop_width(start_journey):
    harness.require_vnu()
    city = seed_portal()
    sources: dict[str, str] = {}
    for width_name, device in (("375", harness.PHONE), ("1366", WIDE)):
        visitor = start_journey(f"{width_name}px", device=device)
        page = visitor.page
        for name, path in portal_pages(city).items():
            response = visitor.open(path, name)  # photographed and checked with axe-core
            sources[f"{name}-{width_name}"] = response.text()
            if width_name == "375":
                visitor.assert_fits_phone_width()
                height = page.locator("header.site-header").bounding_box()["height"]
                assert height <= MAX_HEADER_HEIGHT, f"{name}: the header is {height}px tall on a phone"
                expect(page.locator("nav[aria-label='Trình đơn chính']")).to_be_hidden()
            else:
                expect(page.locator("nav[aria-label='Trình đơn chính']")).to_be_visible()
                expect(page.locator("summary.menu-button")).to_be_hidden()
            expect(page.locator("header img.emblem")).to_be_visible()
            footer = page.locator("footer.site-footer")
            expect(footer).to_contain_text("Cơ quan chủ quản")
            expect(footer).to_contain_text("Chịu trách nhiệm nội dung")
        visitor.finish()
    # The lead story, with its cover, leads the front page.
    errors = harness.html_errors(sources)
    assert not errors, harness.describe_html_errors(errors)


def test_the_menu_opens_without_javascript_and_marks_the_current_section(chromium, live_server, migrated_database):
    seed_portal()
    economy = Section.objects.get(slug="kinh-te")
    assert MenuItem.objects.filter(section=economy).exists()
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN", **harness.PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + economy.get_absolute_url())
        menu = page.locator("nav[aria-label='Trình đơn chính']")
        expect(menu).to_be_hidden()
        page.get_by_text("Trình đơn", exact=True).click()
        expect(menu).to_be_visible()
        current = menu.locator("a[aria-current]")
        expect(current).to_have_text("Kinh tế")
        expect(current).to_have_attribute("aria-current", "page")
        page.screenshot(path=harness.screenshot_folder("menu-without-javascript") / "01-menu-open.png", full_page=True)
        menu.get_by_role("link", name="Cơ quan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cơ quan")
    finally:
        context.close()


def test_a_feed_opened_in_the_browser_reads_as_a_page(start_journey):
    seed_portal()
    visitor = start_journey(device=WIDE)
    page = visitor.page
    page.goto(visitor.url(reverse("public:feed_rss")))
    expect(page.locator("h1")).to_have_text("Tin mới – Cổng thông tin Thành phố Hà Nội")
    expect(page.get_by_text("Đây là nguồn tin RSS")).to_be_visible()
    expect(page.get_by_role("link", name="Đẩy nhanh tiến độ các dự án trọng điểm")).to_be_visible()
    visitor.shot("rss-feed-as-a-page")
    # Chromium now adds a banner of its own to pages made with XSLT, announcing the feature's removal; axe-core
    # checks the page without it (its contrast is the browser's, not ours).
    page.evaluate(harness.AXE_SCRIPT.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => (await axe.run({exclude: [["xslt-warning-banner"]]},
            {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})).violations""",
        harness.AXE_TAGS,
    )
    assert not violations, harness.describe_violations(violations)
    visitor.checked.add(page.url)
    # That banner's own inline event handler is what the site's Content Security Policy blocks.
    visitor.page_errors[:] = [error for error in visitor.page_errors if "inline event handler" not in error]
    visitor.finish()
