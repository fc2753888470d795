"""The desk and the article page at 1366 and 375 pixels: photographed, no axe-core violation, the steps clear of the
title, nothing scrolling sideways on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.newsroom import services
from articles.newsroom.models import Article
from tests.browser import harness
from tests.browser.admin_ui import log_in
from tests.browser.seed import seed_city
from tests.factories import make_article, make_editor

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
LONG_TITLE = (
    "Hà Nội đẩy nhanh tiến độ giải phóng mặt bằng, bàn giao đất sạch cho các dự án trọng điểm về giao thông "
    "và thoát nước, bảo đảm hoàn thành đúng kế hoạch trước mùa mưa bão năm 2026 theo chỉ đạo của Thành ủy"
)


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip


@pytest.mark.parametrize("device", ["laptop-1366", "phone-375"])
def test_the_desk_and_the_change_page_fit_at_1366_and_375_pixels(start_journey, device):
    city = seed_city(extra_articles=0)
    make_editor("pheduyet", roles=("approver",), agencies=(city.agency,), first_name="Minh")
    writer = make_editor("phongvien", roles=("writer",), agencies=(city.agency,), first_name="Lan")
    submitted = make_article(LONG_TITLE, agency=city.agency, status=Article.Status.DRAFT, created_by=writer)
    services.submit(article=submitted, by=writer, comment="Nhờ anh Minh duyệt giúp.")
    journey = start_journey(device, LAPTOP if device == "laptop-1366" else harness.PHONE)
    page = journey.page
    log_in(journey, "pheduyet")
    expect(page.locator(".desk-review")).to_contain_text(LONG_TITLE[:40])
    if device == "phone-375":
        journey.assert_fits_phone_width()
    page.locator(".desk-review").get_by_role("link", name=LONG_TITLE).click()
    journey.arrive("change-page")
    primary = page.locator(".article-tools a.button-primary")
    expect(primary).to_have_text("Duyệt và đăng")
    title = page.locator("#content h2").first
    assert not boxes_overlap(primary.bounding_box(), title.bounding_box()), "the steps cover the article's title"
    for step in page.locator(".article-tools .workflow-steps a").all():
        assert not boxes_overlap(step.bounding_box(), title.bounding_box())
    heading = page.locator("#content h1").first
    assert not boxes_overlap(page.locator(".article-tools").bounding_box(), heading.bounding_box())
    if device == "phone-375":
        journey.assert_fits_phone_width()
    primary.click()
    journey.arrive("approve-step-with-preview")
    expect(page.frame_locator("iframe.review-frame").locator("h1")).to_have_text(LONG_TITLE)
    journey.finish()
