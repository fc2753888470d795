"""Two editors open the same article; the second to save is told about the conflict and keeps their text."""

from __future__ import annotations

from playwright.sync_api import expect

from articles.newsroom.models import Article
from tests.browser.admin_ui import CKEditor, log_in
from tests.browser.seed import seed_city
from tests.factories import make_article, make_editor


def test_second_save_of_the_same_article_shows_the_conflict_and_keeps_the_editors_text(start_journey):
    city = seed_city(extra_articles=0)
    make_editor("lan", roles=("writer",), agencies=(city.agency,), first_name="Lan")
    make_editor("minh", roles=("writer",), agencies=(city.agency,), first_name="Minh")
    article = make_article(
        "Kế hoạch tiếp dân tháng 12",
        body="<p>Lịch tiếp dân của lãnh đạo Sở.</p>",
        agency=city.agency,
        status=Article.Status.DRAFT,
    )
    change_url = f"/quan-tri/articles/article/{article.pk}/change/"

    first, second = start_journey("lan"), start_journey("minh")
    for journey, username in [(first, "lan"), (second, "minh")]:
        log_in(journey, username, next_path=change_url)

    first_editor = CKEditor(first)
    first_editor.focus_end()
    first_editor.press("Enter")
    first_editor.type("Bổ sung của Lan: tiếp dân vào thứ Năm.")
    first.page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    first.arrive("first-saved")
    expect(first.page.locator(".messagelist")).to_contain_text("Kế hoạch tiếp dân tháng 12")

    second_editor = CKEditor(second)
    second_editor.focus_end()
    second_editor.press("Enter")
    second_editor.type("Bổ sung của Minh: tiếp dân vào thứ Sáu.")
    second.page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    second.arrive("second-refused")
    expect(second.page.locator(".errornote")).to_be_visible()
    expect(second.page.locator("#article_form")).to_contain_text("Không lưu được: Lan đã lưu bài này lúc")
    # Minh's text is still in the editor, ready to be copied, and nothing of it reached the database.
    reloaded_editor = CKEditor(second)
    expect(reloaded_editor.body).to_contain_text("Bổ sung của Minh: tiếp dân vào thứ Sáu.")
    saved = Article.objects.get(pk=article.pk)
    assert "Bổ sung của Lan" in saved.body
    assert "Bổ sung của Minh" not in saved.body

    first.finish()
    second.finish()
