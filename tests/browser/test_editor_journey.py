"""An editor writes an article in the admin's CKEditor, with a picture, and it reaches the public site."""

from __future__ import annotations

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.admin_ui import CKEditor, log_in, pick
from tests.browser.seed import seed_city
from tests.factories import make_staff, picture_file

TITLE = "Hà Nội khởi công cầu Trần Hưng Đạo"


def test_writer_writes_an_article_with_a_captioned_picture_and_it_is_published(start_journey, tmp_path):
    city = seed_city(extra_articles=0)
    make_staff("phongvien")
    picture = tmp_path / "cau-tran-hung-dao.jpg"
    picture.write_bytes(picture_file(size=(800, 450), fmt="JPEG").read())

    writer = start_journey("writer")
    page = writer.page
    log_in(writer, "phongvien")
    page.get_by_role("link", name="Thêm", exact=False).and_(page.locator("a[href$='/articles/article/add/']")).click()
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
    writer.shot("body-written")

    pick(writer, "id_agency", "Kế hoạch", city.agency.name)
    pick(writer, "id_officials", city.official.full_name.split()[-1], city.official.full_name)
    pick(writer, "id_programmes", city.programme.code, city.programme.code)
    page.get_by_label("Trạng thái").select_option(label="Đã xuất bản")
    writer.shot("form-filled")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    writer.arrive("saved")

    assert Article.objects.get(title=TITLE).body.count("<figure") == 1

    citizen = start_journey("citizen")
    citizen.open("/", "home")
    citizen.page.get_by_role("link", name=TITLE).click()
    citizen.arrive("article")
    body = citizen.page.locator(".body")
    expect(body.locator("strong")).to_have_text("5,5 km")
    expect(body.locator("ul > li")).to_have_text(["Tổng mức đầu tư hơn 8.000 tỷ đồng", "Hoàn thành năm 2027"])
    figure = body.locator("figure")
    expect(figure.locator("figcaption")).to_have_text("Phối cảnh cây cầu.")
    picture = figure.get_by_role("img", name="Phối cảnh cầu Trần Hưng Đạo")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 800
    writer.finish()
    citizen.finish()
