"""A writer corrects a live article; readers keep the published text until an approver, having seen the article as
it will be published and its difference from what is live, publishes the correction with its public note."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from articles.newsroom.models import Article, LiveEdit
from tests.browser.admin_ui import CKEditor, log_in
from tests.browser.seed import seed_city
from tests.factories import make_article, make_editor

TITLE = "Khởi công cải tạo đường Nguyễn Trãi"
NOTE = "Sửa số liệu: tổng mức đầu tư là 8.000 tỷ đồng."


def test_a_writer_corrects_a_live_article_and_an_approver_publishes_it_after_seeing_the_difference(start_journey):
    city = seed_city(extra_articles=0)
    make_editor("phongvien", roles=("writer",), agencies=(city.agency,), first_name="Lan")
    make_editor("pheduyet", roles=("approver",), agencies=(city.agency,), first_name="Minh")
    article = make_article(
        TITLE,
        lead="Thành phố khởi công dự án cải tạo đường Nguyễn Trãi.",
        body="<p>Dự án dài 3 km, hoàn thành năm 2027.</p>",
        agency=city.agency,
    )
    change_url = f"/quan-tri/articles/article/{article.pk}/change/"

    writer = start_journey("writer")
    page = writer.page
    log_in(writer, "phongvien", next_path=change_url)
    editor = CKEditor(writer)
    editor.focus_end()
    editor.press("Enter")
    editor.type("Bổ sung: tổng mức đầu tư 8.000 tỷ đồng.")
    page.get_by_label("Đính chính (ghi chú công khai dưới bài)").check()
    page.get_by_label("Ghi chú đính chính (công khai)").fill(NOTE)
    writer.shot("correction-filled")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    writer.arrive("correction-saved")
    expect(page.locator(".messagelist")).to_contain_text("Bạn đọc vẫn thấy bản đang đăng")
    expect(page.locator(".live-edit-notice")).to_contain_text("Bài có bản sửa chờ duyệt")
    # The writer is offered no approval of their own correction.
    expect(page.get_by_role("link", name="Duyệt và đăng bản sửa")).to_have_count(0)

    citizen = start_journey("citizen")
    citizen.open(article.get_absolute_url(), "article-before")
    expect(citizen.page.locator(".body")).not_to_contain_text("Bổ sung: tổng mức đầu tư")
    expect(citizen.page.locator(".update-notes")).to_have_count(0)

    approver = start_journey("approver")
    page = approver.page
    log_in(approver, "pheduyet")
    waiting = page.locator(".desk-review")
    expect(waiting).to_contain_text(f"Bản sửa: {TITLE}")
    waiting.get_by_role("link", name=f"Bản sửa: {TITLE}").click()
    approver.arrive("article-with-correction")
    page.get_by_role("link", name="Duyệt và đăng bản sửa").click()
    approver.arrive("review-correction")
    diff = page.locator(".review-diff")
    expect(diff.locator("ins")).to_contain_text(["Bổ sung: tổng mức đầu tư 8.000 tỷ đồng."])
    frame = page.frame_locator("iframe.review-frame")
    expect(frame.locator(".body")).to_contain_text("Bổ sung: tổng mức đầu tư 8.000 tỷ đồng.")
    expect(frame.locator(".update-notes")).to_contain_text(NOTE)
    expect(page.get_by_label("Ghi chú đính chính (công khai)")).to_have_value(NOTE)
    page.get_by_role("button", name="Xác nhận").click()
    approver.arrive("correction-published")
    expect(page.locator(".messagelist")).to_contain_text("Đã đăng bản sửa")

    # A reader arriving now (the first reader's browser may keep its copy for PUBLIC_BROWSER_CACHE_SECONDS).
    later = start_journey("citizen-later")
    later.open(article.get_absolute_url(), "article-after")
    expect(later.page.locator(".body")).to_contain_text("Bổ sung: tổng mức đầu tư 8.000 tỷ đồng.")
    expect(later.page.locator(".update-notes")).to_contain_text(re.compile(r"Cập nhật lúc \d\d/\d\d/\d{4} \d\d:\d\d: "))
    expect(later.page.locator(".update-notes")).to_contain_text(NOTE)
    assert LiveEdit.objects.get(article=article).state == LiveEdit.State.PUBLISHED
    assert "Bổ sung" in Article.objects.get(pk=article.pk).body

    writer.finish()
    approver.finish()
    citizen.finish()
    later.finish()
