"""Markup rules of WCAG 2.1 AA that can be checked without a browser, on every key public page.

(The Nu HTML Checker and axe-core in Chromium run over the same pages in the browser test harness.)
"""

import datetime

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme, picture_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages() -> dict[str, str]:
    agency = make_agency("Sở Kế hoạch và Đầu tư", address="16 Cát Linh")
    official = make_official("Ngô Thị Thanh Hằng")
    make_appointment(official, agency=agency, title="Giám đốc Sở", start=datetime.date(2010, 1, 1))
    programme = make_programme("06-CTr/TU")
    articles = [
        make_article(
            f"Đẩy nhanh tiến độ dự án trọng điểm số {i}",
            lead="Sáng nay, Sở làm việc về tiến độ dự án.",
            body="<p>Dự án trọng điểm.</p>",
            agency=agency,
            officials=[official],
            programmes=[programme],
            cover=picture_file(size=(900, 600)),
            cover_alt="Quang cảnh",
        )
        for i in range(3)
    ]
    day = articles[0].local_date
    return {
        "home": reverse("public:home"),
        "article": articles[0].get_absolute_url(),
        "print": articles[0].get_print_url(),
        "search": reverse("search:results") + "?q=du+an+trong+diem",
        "search_errors": reverse("search:results") + "?q=" + "a" * 201 + "&tu_ngay=sai&den_ngay=2020-01-01",
        "agency": agency.get_absolute_url(),
        "official": official.get_absolute_url(),
        "programme": programme.get_absolute_url(),
        "archive": reverse("public:archive_month", kwargs={"year": day.year, "month": day.month}),
        "archive_index": reverse("public:archive_index"),
    }


@pytest.mark.parametrize(
    "page",
    ["home", "article", "print", "search", "search_errors", "agency", "official", "programme", "archive",
     "archive_index"],
)  # fmt: skip
def test_page_markup_follows_the_accessibility_rules(client, pages, page):
    response = client.get(pages[page])
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    assert doc.get("lang") == "vi"
    # Landmarks and the skip link (the print view is a bare page without navigation).
    assert len(doc.xpath("//main")) == 1
    if page != "print":
        assert doc.xpath("//header") and doc.xpath("//nav") and doc.xpath("//footer")
        skip = doc.xpath("//body/a[1]")[0]
        assert skip.get("href") == "#noi-dung" and doc.xpath("//main[@id='noi-dung']")
    # One h1 and no skipped heading levels.
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    # Every form field has a label.
    labelled = {label.get("for") for label in doc.iter("label")}
    for field in doc.xpath("//input[not(@type='hidden') and not(@type='submit')] | //select | //textarea"):
        assert field.get("id") in labelled or field.get("aria-label"), lxml_html.tostring(field)
    # Unique ids, alt text on every picture, meaningful link text.
    ids = [el.get("id") for el in doc.xpath("//*[@id]")]
    assert len(ids) == len(set(ids)), ids
    assert all(img.get("alt") is not None for img in doc.iter("img"))
    for link in doc.iter("a"):
        text = link.text_content().strip().lower()
        assert text and text not in {"xem thêm", "tại đây", "đây", "chi tiết"}, lxml_html.tostring(link)
