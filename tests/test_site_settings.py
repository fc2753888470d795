"""The site settings record: one row, edited by site administrators, shown in the header and footer of every
page (nothing hard-coded), with an emblem checked as SVG or PNG, and the main menu they arrange."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from lxml import html as lxml_html
from PIL import Image

from articles.newsroom.contacts import tel_uri
from articles.site.models import MenuItem, SiteSettings
from tests.factories import make_agency, make_article, make_editor, picture_file

pytestmark = pytest.mark.django_db

SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="120"
     height="120" viewBox="0 0 120 120"><inkscape:grid/><title>Quốc huy</title>
  <circle cx="60" cy="60" r="50" fill="#c00" style="stroke:#ff0;stroke-width:4"/>
  <path d="M60 20 L70 50 L100 50 Z" fill="url(#g)"/>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#ff0"/></linearGradient></defs>
</svg>""".encode()


def fill_record(**changes) -> SiteSettings:
    record = SiteSettings.current()
    values = {
        "name": "Cổng thông tin điện tử Phường Thử Nghiệm",
        "description": "Tin của phường.",
        "owner_body": "Ủy ban nhân dân phường Thử Nghiệm",
        "responsible_person": "Bà Lê Thị Trách Nhiệm – Chánh Văn phòng",
        "licence_number": "12/GP-TTĐT",
        "licence_date": datetime.date(2024, 3, 5),
        "licence_issuer": "Sở Văn hóa và Thể thao",
        "address": "Số 1 phố Thử, phường Thử Nghiệm",
        "phone": "024 1111 2222",
        "email": "lienhe@phuong.example",
        "reuse_notice": "Ghi rõ nguồn “Cổng phường Thử Nghiệm” khi đăng lại.",
        "accessibility_url": "/ho-tro-tiep-can/",
        "privacy_url": "https://phuong.example/bao-ve-du-lieu/",
        **changes,
    }
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


def footer_of(client, url: str):
    doc = lxml_html.fromstring(client.get(url).content)
    return doc, " ".join(doc.xpath("//footer")[0].text_content().split())


def test_every_detail_of_the_record_is_in_the_footer_of_every_page(client):
    record = fill_record()
    article = make_article(agency=make_agency())
    for url in ["/", reverse("public:latest"), article.get_absolute_url(), reverse("public:agency_list"),
                reverse("search:results") + "?q=thu", reverse("public:archive_index")]:  # fmt: skip
        doc, footer = footer_of(client, url)
        expected = [record.name, record.owner_body, record.responsible_person, "Số 12/GP-TTĐT ngày 05/03/2024",
                    record.licence_issuer, record.address, record.phone, record.email, record.reuse_notice]  # fmt: skip
        for text in expected:
            assert text in footer, (url, text)
        links = {a.get("href"): " ".join(a.text_content().split()) for a in doc.xpath("//footer//a")}
        assert links["/ho-tro-tiep-can/"] == "Tuyên bố về hỗ trợ tiếp cận"
        assert links["https://phuong.example/bao-ve-du-lieu/"] == "Chính sách bảo vệ dữ liệu cá nhân"
        assert links["mailto:lienhe@phuong.example"] and links[tel_uri(record.phone)]
        # The header and the title name the portal as the record does.
        assert record.name in doc.xpath("//header//a[@class='brand']")[0].text_content()
        assert doc.findtext(".//title").endswith(f"– {record.name}")


def test_nothing_of_the_old_hard_coded_identity_remains_on_the_pages(client):
    fill_record(name="Cổng thông tin Phường Mới", description="Tin phường.")
    article = make_article()
    for url in ["/", article.get_absolute_url(), article.get_print_url(), reverse("public:feed_rss")]:
        text = client.get(url).content.decode()
        assert "Cổng thông tin Phường Mới" in text, url
        assert "Thành phố Hà Nội" not in text, url


def test_empty_details_leave_no_empty_lines_in_the_footer(client):
    fill_record(owner_body="", responsible_person="", licence_number="", phone="", accessibility_url="")
    doc, footer = footer_of(client, "/")
    assert "Cơ quan chủ quản" not in footer and "Giấy phép" not in footer and "Điện thoại" not in footer
    assert "Tuyên bố về hỗ trợ tiếp cận" not in footer


def test_there_is_one_record(client):
    SiteSettings(name="Một bản ghi khác").save()  # a second "new" record overwrites the first
    assert list(SiteSettings.objects.values_list("pk", "name")) == [(1, "Một bản ghi khác")]
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.filter(pk=1).update(id=2)


def test_site_administrators_edit_the_record_but_cannot_add_a_second_or_delete_it(client):
    admin_user = make_editor("quantri", roles=("site_admin",))
    client.force_login(admin_user)
    change_url = reverse("admin:site_sitesettings_change", args=[1])
    assert client.get(reverse("admin:site_sitesettings_changelist")).url == change_url
    assert client.get(reverse("admin:site_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:site_sitesettings_delete", args=[1])).status_code == 403
    data = {
        "name": "Cổng đã sửa",
        "description": "",
        "owner_body": "UBND",
        "responsible_person": "",
        "licence_number": "",
        "licence_date": "05/03/2024",
        "licence_issuer": "",
        "address": "",
        "phone": "",
        "email": "",
        "reuse_notice": "",
        "accessibility_url": "khong-phai-duong-dan",
        "privacy_url": "",
        "menu_items-TOTAL_FORMS": "0",
        "menu_items-INITIAL_FORMS": "0",
    }
    refused = client.post(change_url, data)
    assert refused.status_code == 200
    assert "Hãy nhập đường dẫn bắt đầu bằng “/”" in refused.content.decode()
    response = client.post(change_url, {**data, "accessibility_url": "/tiep-can/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = SiteSettings.current()
    assert (record.name, record.licence_date, record.accessibility_url) == (
        "Cổng đã sửa",
        datetime.date(2024, 3, 5),
        "/tiep-can/",
    )
    writer = make_editor("viet", roles=("writer",))
    client.force_login(writer)
    assert client.get(change_url).status_code == 403


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_emblem(client, emblem):
    if not client.session.get("_auth_user_id"):
        client.force_login(make_editor("quantri", roles=("site_admin",)))
    record = SiteSettings.current()
    data = {
        "name": record.name,
        "emblem": emblem,
        "menu_items-TOTAL_FORMS": "0",
        "menu_items-INITIAL_FORMS": "0",
    }
    return client.post(reverse("admin:site_sitesettings_change", args=[1]), data)


def test_an_svg_emblem_is_written_anew_from_drawing_elements_only_and_served_as_a_picture(client):
    response = post_emblem(client, upload("quoc-huy.svg", SVG, "image/svg+xml"))
    assert response.status_code == 302
    record = SiteSettings.current()
    assert record.emblem.name.endswith(".svg") and "quoc-huy" not in record.emblem.name
    assert (record.emblem_width, record.emblem_height) == (120, 120)
    stored = record.emblem.read().decode()
    assert "inkscape" not in stored and "<circle" in stored and "url(#g)" in stored
    client.logout()
    page = lxml_html.fromstring(client.get("/").content)
    emblem = page.xpath("//header//img[@class='emblem']")[0]
    assert emblem.get("src") == record.emblem_url and emblem.get("width") == "120"
    served = client.get(record.emblem_url)
    assert served["Content-Type"] == "image/svg+xml"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"<circle" in served.content


@pytest.mark.parametrize(
    ("svg", "says"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "thẻ &lt;script&gt;"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "thuộc tính sự kiện"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<use x:href="https://evil.example/a.svg#x"/></svg>',
            "liên kết tới tài nguyên bên ngoài",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>', "foreignObject"),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg">'
            b"&a;</svg>",
            "Không đọc được tệp SVG",
        ),
    ],
)
def test_an_svg_that_could_run_or_load_anything_is_refused(client, svg, says):
    response = post_emblem(client, upload("bieu-trung.svg", svg, "image/svg+xml"))
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not SiteSettings.current().emblem


def test_a_png_emblem_is_re_encoded_and_other_formats_are_refused(client):
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 80), (200, 0, 0, 255)).save(buffer, "PNG")
    response = post_emblem(client, upload("bieu-trung.png", buffer.getvalue(), "image/png"))
    assert response.status_code == 302
    record = SiteSettings.current()
    assert record.emblem.name.endswith(".png") and (record.emblem_width, record.emblem_height) == (64, 80)
    refused = post_emblem(client, picture_file("anh.jpg", fmt="JPEG"))
    assert "Biểu trưng phải là tệp SVG hoặc PNG." in refused.content.decode()


def test_the_main_menu_is_the_one_site_administrators_arrange(client):
    MenuItem.objects.all().delete()
    MenuItem.objects.create(label="Thứ hai", url="/co-quan/", order=2)
    MenuItem.objects.create(label="Thứ nhất", url="/tin-moi/", order=1)
    doc = lxml_html.fromstring(client.get(reverse("public:agency_list")).content)
    items = doc.xpath("//nav[@aria-label='Trình đơn chính']//a")
    assert [a.text for a in items] == ["Thứ nhất", "Thứ hai"]
    assert items[1].get("aria-current") == "page" and items[0].get("aria-current") is None


def test_a_change_to_the_record_or_the_menu_shows_on_cached_pages_at_once(client):
    client.get("/")
    fill_record(name="Cổng sau khi sửa")
    assert "Cổng sau khi sửa" in client.get("/").content.decode()
    MenuItem.objects.create(label="Mục mới thêm", url="/luu-tru/", order=9)
    assert "Mục mới thêm" in client.get("/").content.decode()
