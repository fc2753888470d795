"""A journalist subscribes to an agency's releases by email, confirms, manages and unsubscribes: every page on the
way passes axe-core (through the journey) and the Nu HTML Checker."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from tests.alerts_helpers import EagerTasks
from tests.browser import harness
from tests.browser.seed import seed_city


def test_a_journalist_subscribes_confirms_manages_and_unsubscribes(start_journey):
    harness.require_vnu()
    city = seed_city(extra_articles=0)
    visitor = start_journey()
    page = visitor.page
    sources: dict[str, str] = {}
    with EagerTasks():  # the confirmation email is sent by the live server's own thread
        visitor.open(city.agency.get_absolute_url(), "agency")
        page.get_by_role("link", name="Nhận bài mới qua thư điện tử").click()
        visitor.arrive("subscribe-form")

        page.get_by_role("button", name="Đăng ký").click()
        visitor.arrive("subscribe-errors")
        expect(page.get_by_role("alert")).to_contain_text("Hãy nhập địa chỉ thư điện tử")
        sources["subscribe-errors"] = page.content()

        page.get_by_role("textbox", name="Địa chỉ thư điện tử").fill("nhabao@example.com")
        page.get_by_label("Bản tin hằng ngày lúc 17 giờ").check()
        page.get_by_label(re.compile("^Tôi đồng ý")).check()
        page.get_by_role("button", name="Đăng ký").click()
        visitor.arrive("check-your-inbox")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hãy kiểm tra hộp thư của bạn")

    (message,) = mail.outbox
    link = re.search(r"https?://\S+(/nhan-tin/xac-nhan/\S+/)", message.body).group(1)
    visitor.open(link, "confirm")
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    visitor.arrive("confirmed")
    sources["confirmed"] = page.content()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã xác nhận đăng ký")

    page.get_by_role("link", name="Quản lý đăng ký của bạn").click()
    visitor.arrive("manage")
    expect(page.get_by_text(city.agency.name).first).to_be_visible()
    page.get_by_role("button", name="Hủy tất cả đăng ký").click()
    visitor.arrive("manage-after-unsubscribing")
    expect(page.get_by_text("Bạn không còn đăng ký nào.")).to_be_visible()
    page.get_by_role("button", name="Xóa toàn bộ dữ liệu của tôi").click()
    visitor.arrive("data-deleted")
    sources["data-deleted"] = page.content()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã xóa toàn bộ dữ liệu của bạn")
    visitor.finish()

    errors = harness.html_errors(sources)
    assert not errors, harness.describe_html_errors(errors)
