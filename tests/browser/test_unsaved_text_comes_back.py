"""A writer closes the tab in the middle of an edit: opening the article again offers the unsaved text back."""

from __future__ import annotations

from playwright.sync_api import expect

from articles.newsroom.models import Article
from tests.browser.admin_ui import CKEditor, log_in
from tests.browser.seed import seed_city
from tests.factories import make_article, make_editor


def test_text_typed_before_the_tab_was_closed_is_offered_back(start_journey):
    city = seed_city(extra_articles=0)
    make_editor("phongvien", roles=("writer",), agencies=(city.agency,), first_name="Lan")
    draft = make_article(
        "Lịch tiếp công dân tháng 6", body="<p>Lịch đã lưu.</p>", agency=city.agency, status=Article.Status.DRAFT
    )
    change_url = f"/quan-tri/articles/article/{draft.pk}/change/"

    writer = start_journey("writer")
    page = writer.page
    log_in(writer, "phongvien", next_path=change_url)
    page.get_by_label("Tiêu đề").fill("Lịch tiếp công dân tháng 6 của lãnh đạo Thành phố")
    editor = CKEditor(writer)
    editor.focus_end()
    editor.press("Enter")
    editor.type("Đoạn gõ dở chưa kịp lưu.")
    writer.shot("typed-not-saved")
    # The local copy is written a moment after typing stops; then the tab goes away without saving.
    page.wait_for_function("() => Object.keys(localStorage).some(key => key.startsWith('toasoan:ban-chua-luu:'))")
    page.close()

    again = writer.page.context.new_page()
    writer.page = again
    writer.__post_init__()
    writer.open(change_url, "reopened")
    offer = again.locator(".unsaved-copy")
    expect(offer).to_contain_text("chưa lưu")
    offer.get_by_role("button", name="Khôi phục bản chưa lưu").click()
    editor = CKEditor(writer)
    expect(editor.body).to_contain_text("Đoạn gõ dở chưa kịp lưu.")
    expect(again.get_by_label("Tiêu đề")).to_have_value("Lịch tiếp công dân tháng 6 của lãnh đạo Thành phố")
    writer.shot("restored")
    again.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    writer.arrive("saved")
    assert "Đoạn gõ dở chưa kịp lưu." in Article.objects.get(pk=draft.pk).body
    # Once saved, the copy is gone: reopening offers nothing.
    writer.open(change_url, "reopened-after-save")
    expect(again.locator(".unsaved-copy")).to_have_count(0)
    writer.finish()
