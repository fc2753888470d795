"""A picture pasted into CKEditor is uploaded through the picture dialog's checks; a file that is not a picture is
refused with a visible message and leaves nothing behind in the text."""

from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from articles.newsroom.models import Article
from tests.browser.admin_ui import CKEditor, log_in
from tests.browser.seed import seed_city
from tests.factories import make_article, make_editor, picture_file

PASTE = """([name, type, b64]) => {
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type}));
    const editor = CKEDITOR.instances.id_body;
    editor.focus();
    const range = editor.createRange();  // at the end of the text, so a picture already there stays
    range.moveToElementEditEnd(editor.editable());
    range.select();
    const body = editor.editable().$;
    body.dispatchEvent(new ClipboardEvent("paste", {clipboardData: transfer, bubbles: true, cancelable: true}));
}"""


def test_a_pasted_picture_is_uploaded_and_a_false_one_refused_visibly(start_journey):
    city = seed_city(extra_articles=0)
    make_editor("phongvien", roles=("writer",), agencies=(city.agency,), first_name="Lan")
    draft = make_article("Bài có ảnh dán", body="<p>Đoạn đầu.</p>", agency=city.agency, status=Article.Status.DRAFT)
    writer = start_journey("writer")
    page = writer.page
    log_in(writer, "phongvien", next_path=f"/quan-tri/articles/article/{draft.pk}/change/")
    editor = CKEditor(writer)
    editor.focus_end()

    real = base64.b64encode(picture_file("dan-vao.png", size=(120, 80)).read()).decode()
    page.evaluate(PASTE, ["dan-vao.png", "image/png", real])
    page.wait_for_function("() => CKEDITOR.instances.id_body.getData().includes('/media/')")
    expect(page.locator(".cke_notification_success").first).to_contain_text("Đã tải ảnh lên.")
    writer.shot("pasted-picture-uploaded")

    fake = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    page.evaluate(PASTE, ["anh-gia.png", "image/png", fake])
    warning = page.locator(".cke_notification_warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("anh-gia.png")
    writer.shot("false-picture-refused")
    html = editor.html()
    assert html.count("<img") == 1 and re.search(r'src="[^"]*/media/', html)

    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    writer.arrive("saved")
    saved = Article.objects.get(pk=draft.pk).body
    assert saved.count("<img") == 1 and "/media/" in saved
    writer.finish()
