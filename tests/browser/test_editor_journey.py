"""An editor's day in real Chromium: a writer writes and submits, an approver approves and publishes."""

from __future__ import annotations

import feedparser
from playwright.sync_api import expect

from articles.newsroom.models import Article
from tests.browser.admin_ui import CKEditor, log_in, pick
from tests.browser.seed import seed_city
from tests.factories import make_agency, make_editor, picture_file

TITLE = "Hà Nội khởi công cầu Trần Hưng Đạo"


def test_writer_submits_an_article_with_a_captioned_picture_and_an_approver_publishes_it(start_journey, tmp_path):
    city = seed_city(extra_articles=0)
    other_agency = make_agency("Sở Giao thông vận tải")
    make_editor("phongvien", roles=("writer",), agencies=(city.agency, other_agency), first_name="Lan")
    make_editor("pheduyet", roles=("approver",), agencies=(city.agency,), first_name="Minh")
    picture = tmp_path / "cau-tran-hung-dao.jpg"
    picture.write_bytes(picture_file(size=(800, 450), fmt="JPEG").read())

    # The writer writes the article in CKEditor and submits it.
    writer = start_journey("writer")
    page = writer.page
    log_in(writer, "phongvien")
    page.locator("a.addlink[href$='/articles/article/add/']").click()
    writer.arrive("add-article")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Sapo").fill("Sáng nay, Thành phố khởi công cầu Trần Hưng Đạo bắc qua sông Hồng.")
    editor = CKEditor(writer)
    editor.focus_end()
    editor.type("Cây cầu dài ")
    editor.button("bold").click()
    editor.type("5,5 km")
    editor.button("bold").click()
    editor.type(" nối quận Hoàn Kiếm với quận Long Biên.")
    editor.press("Enter")
    editor.button("bulletedlist").click()
    editor.type("Tổng mức đầu tư hơn 8.000 tỷ đồng")
    editor.press("Enter")
    editor.type("Hoàn thành năm 2027")
    editor.press("Enter")
    editor.press("Enter")
    editor.insert_captioned_picture(picture, alt="Phối cảnh cầu Trần Hưng Đạo", caption="Phối cảnh cây cầu.")
    pick(writer, "id_agency", "Kế hoạch", city.agency.name)
    pick(writer, "id_officials", city.official.full_name.split()[-1], city.official.full_name)
    pick(writer, "id_programmes", city.programme.code, city.programme.code)
    writer.shot("form-filled")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    writer.arrive("saved-draft")
    expect(page.locator(".messagelist")).to_contain_text(TITLE)

    page.get_by_role("link", name="Gửi duyệt").click()
    writer.arrive("submit-step")
    page.get_by_label("Ghi chú").fill("Nhờ anh Minh duyệt giúp.")
    page.get_by_role("button", name="Xác nhận").click()
    writer.arrive("submitted")
    expect(page.locator(".messagelist")).to_contain_text("Đã gửi duyệt")
    assert Article.objects.get(title=TITLE).status == Article.Status.SUBMITTED

    # The approver finds it among the articles waiting for review, approves and publishes it.
    approver = start_journey("approver")
    page = approver.page
    log_in(approver, "pheduyet")
    page.locator("a[href$='/articles/article/']", has_text="Bài viết").first.click()
    approver.arrive("articles")
    page.locator("#changelist-filter").get_by_role("link", name="Chờ duyệt").click()
    approver.arrive("waiting-for-review")
    page.locator("#result_list").get_by_role("link", name=TITLE).click()
    approver.arrive("submitted-article")
    page.get_by_role("link", name="Duyệt và đăng").click()
    approver.arrive("approve-step")
    page.get_by_role("button", name="Xác nhận").click()
    approver.arrive("approved")
    expect(page.locator(".messagelist")).to_contain_text("Đã duyệt")
    assert Article.objects.published().filter(title=TITLE).exists()

    # Citizens now see it, with the picture, on the home page and the official's and programme's pages.
    citizen = start_journey("citizen")
    page = citizen.page
    citizen.open("/", "home")
    page.get_by_role("link", name=TITLE).click()
    citizen.arrive("article")
    body = page.locator(".body")
    expect(body.locator("strong")).to_have_text("5,5 km")
    expect(body.locator("ul > li")).to_have_text(["Tổng mức đầu tư hơn 8.000 tỷ đồng", "Hoàn thành năm 2027"])
    figure = body.locator("figure")
    expect(figure.locator("figcaption")).to_have_text("Phối cảnh cây cầu.")
    picture_in_page = figure.get_by_role("img", name="Phối cảnh cầu Trần Hưng Đạo")
    expect(picture_in_page).to_be_visible()
    assert picture_in_page.evaluate("img => img.complete && img.naturalWidth") > 0
    for name, url in [("official", city.official.get_absolute_url()), ("programme", city.programme.get_absolute_url())]:
        citizen.open(url, name)
        expect(page.locator("main").get_by_role("link", name=TITLE)).to_be_visible()

    # Found by search typed without diacritics, by its title and by words of the body written in CKEditor.
    for number, words in enumerate(["khoi cong cau tran hung dao", "noi quan hoan kiem voi quan long bien"], 1):
        search_box = page.get_by_role("search", name="Tìm kiếm trên cổng thông tin").get_by_role("searchbox")
        search_box.fill(words)
        search_box.press("Enter")
        citizen.arrive(f"search-{number}")
        expect(page.locator(".search-results").get_by_role("link", name=TITLE)).to_be_visible()

    # And in the RSS feed the pages announce.
    citizen.open("/", "home-again")
    feed_path = page.locator('link[rel="alternate"][type="application/rss+xml"]').first.get_attribute("href")
    feed = feedparser.parse(page.request.get(citizen.url(feed_path)).body())
    assert not feed.bozo, feed.bozo_exception
    entry = next(entry for entry in feed.entries if entry.title == TITLE)
    assert entry.link.endswith(Article.objects.get(title=TITLE).get_absolute_url())

    writer.finish()
    approver.finish()
    citizen.finish()
