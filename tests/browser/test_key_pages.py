"""The citizens' key pages are valid HTML (Nu HTML Checker) and have no axe-core violations in Chromium."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import harness
from tests.browser.seed import HANOI, seed_city


def key_pages(city) -> dict[str, str]:
    published = city.article.published_at.astimezone(HANOI)
    return {
        "home": reverse("public:home"),
        "latest": reverse("public:latest"),
        "latest-page-2": reverse("public:latest") + "?page=2",
        "section": reverse("public:section_detail", kwargs={"slug": "kinh-te"}),
        "article-type": reverse("public:article_type_detail", kwargs={"slug": "tin-hoat-dong"}),
        "article": city.article.get_absolute_url(),
        "article-print-view": reverse("public:article_print", kwargs={"slug": city.article.slug}),
        "search-results": reverse("search:results") + "?" + urlencode({"q": "du an trong diem"}),
        "search-results-page-2": reverse("search:results") + "?" + urlencode({"q": "du an trong diem", "page": 2}),
        "search-no-results": reverse("search:results") + "?" + urlencode({"q": "khong co bai nao nhu the"}),
        "search-bad-dates": reverse("search:results") + "?" + urlencode({"q": "du an", "tu_ngay": "31/02/2018"}),
        "archive": reverse("public:archive_index"),
        "archive-year": reverse("public:archive_year", kwargs={"year": published.year}),
        "archive-month": reverse("public:archive_month", kwargs={"year": published.year, "month": published.month}),
        "agency-list": reverse("public:agency_list"),
        "agency": city.agency.get_absolute_url(),
        "official-list": reverse("public:official_list"),
        "official": city.official.get_absolute_url(),
        "programme-list": reverse("public:programme_list"),
        "programme": city.programme.get_absolute_url(),
        "api-docs": reverse("api:docs"),
        **alert_pages(city),
    }


def alert_pages(city) -> dict[str, str]:
    """The email alerts' pages (issue 19), those reached through signed links included."""
    import time

    from articles.alerts import tokens
    from tests.alerts_helpers import subscribe

    subscriber = subscribe("nhabao@example.com").subscriber
    confirm = tokens.confirmation_token(
        tokens.SubscriptionRequest("moi@example.com", "co-quan", city.agency.pk, "daily", "2025-01", time.time(), None)
    )
    return {
        "alerts-subscribe": reverse("alerts:subscribe"),
        "alerts-subscribe-agency": reverse("alerts:subscribe_topic", args=["co-quan", city.agency.slug]),
        "alerts-sent": reverse("alerts:sent"),
        "alerts-confirm": reverse("alerts:confirm", args=[confirm]),
        "alerts-manage": reverse("alerts:manage", args=[tokens.manage_token(subscriber.pk, subscriber.key)]),
        "alerts-unsubscribe": reverse(
            "alerts:unsubscribe", args=[tokens.unsubscribe_token(subscriber.pk, subscriber.key)]
        ),
    }


def test_key_pages_have_no_html_errors_and_no_axe_violations(start_journey):
    harness.require_vnu()
    city = seed_city()
    journey = start_journey()
    sources: dict[str, str] = {}
    violations: dict[str, str] = {}
    for name, path in key_pages(city).items():
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


def test_keyboard_user_skips_to_the_content_and_sees_where_the_focus_is(start_journey):
    city = seed_city(extra_articles=0)
    visitor = start_journey()
    page = visitor.page
    visitor.open(city.article.get_absolute_url(), "article")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Bỏ qua để đến nội dung chính")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    visitor.shot("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.url.endswith("#noi-dung")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "the skip link did not skip the header"

    # Every link and button the keyboard reaches shows a focus outline.
    unmarked = []
    for _ in range(12):
        outline = page.evaluate(
            """() => {
                const element = document.activeElement;
                if (element === document.body) return null;
                const style = getComputedStyle(element);
                const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                return visible || style.boxShadow !== 'none' ? null : element.outerHTML.slice(0, 100);
            }"""
        )
        if outline:
            unmarked.append(outline)
        page.keyboard.press("Tab")
    visitor.shot("focus-after-tabbing")
    assert unmarked == []
    visitor.arrive("article-after-keyboard")
    visitor.finish()
