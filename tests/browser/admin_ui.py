"""Driving the admin as an editor does: the login form, CKEditor 4's toolbar and image dialog, select2 boxes."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.harness import Journey

PASSWORD = "mat-khau-dai-123"  # tests.factories.make_staff


def log_in(journey: Journey, username: str, password: str = PASSWORD, *, next_path: str = "/quan-tri/") -> None:
    page = journey.page
    journey.open(f"/quan-tri/login/?next={next_path}", f"login-{username}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(re.escape(next_path)))
    journey.arrive(f"logged-in-{username}")


class CKEditor:
    """One CKEditor 4 instance on the page, used through its toolbar and dialogs like a person would."""

    def __init__(self, journey: Journey, field_id: str = "id_body") -> None:
        self.journey = journey
        self.page = journey.page
        self.field_id = field_id
        self.page.wait_for_function(
            "id => window.CKEDITOR && CKEDITOR.instances[id] && CKEDITOR.instances[id].status === 'ready'",
            arg=field_id,
        )
        self.chrome = self.page.locator(f"#cke_{field_id}")
        self.body = self.page.frame_locator(f"#cke_{field_id} iframe.cke_wysiwyg_frame").locator("body")

    def button(self, name: str):
        return self.chrome.locator(f"a.cke_button__{name}")

    def focus_end(self) -> None:
        self.body.click()
        self.page.keyboard.press("Control+End")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def html(self) -> str:
        return self.page.evaluate("id => CKEDITOR.instances[id].getData()", self.field_id)

    def insert_captioned_picture(self, picture: Path, *, alt: str, caption: str) -> None:
        """Uploads through the image dialog's Upload tab, sets the alt text, ticks 'captioned', types the caption."""
        self.button("image").click()
        dialog = self.page.locator(".cke_dialog_body").filter(has_text="Thuộc tính của ảnh")
        expect(dialog).to_be_visible()
        dialog.get_by_role("tab", name="Tải lên").click()
        upload_form = self.page.frame_locator("iframe.cke_dialog_ui_input_file")
        upload_form.locator("input[type=file]").set_input_files(str(picture))
        self.journey.shot("image-dialog-file-chosen")
        dialog.get_by_role("button", name="Tải lên máy chủ").click()
        # The server answers with a script that fills the picture's URL in and goes back to the first tab.
        url_field = dialog.locator(".cke_dialog_ui_input_text input").first
        expect(url_field).to_have_value(re.compile(r"/media/"))
        dialog.get_by_label("Mô tả ảnh cho người khiếm thị").fill(alt)
        dialog.get_by_label("Có chú thích ảnh (gõ dưới ảnh)").check()
        self.journey.shot("image-dialog-filled")
        dialog.locator("a.cke_dialog_ui_button_ok").click()
        expect(dialog).to_be_hidden()
        # The caption is a nested editable of the image widget holding a placeholder until typed into;
        # once it has focus, select-all selects only the caption.
        figcaption = self.body.locator("figure figcaption[contenteditable=true]")
        figcaption.click()
        expect(figcaption).to_have_class(re.compile("cke_widget_editable_focused"))
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(caption)
        expect(figcaption).to_have_text(caption)


def pick(journey: Journey, field_id: str, search: str, choice: str) -> None:
    """Chooses `choice` in an autocomplete (select2) box by typing `search` into it."""
    page = journey.page
    page.locator(f"#{field_id} + .select2-container").click()
    search_box = page.locator(".select2-container--open .select2-search__field")
    term = re.compile(r"/autocomplete/\?.*term=")
    with page.expect_response(lambda response: term.search(response.url) is not None and response.ok):
        search_box.fill(search)
    page.locator(".select2-results__option", has_text=choice).first.click()
    expect(page.locator(f"#{field_id} option:checked", has_text=choice)).to_have_count(1)
