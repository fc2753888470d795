"""Vietnamese search: with or without diacritics, ranked, only published articles, never an error."""

import datetime
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.newsroom.models import Article
from articles.search import ranking
from articles.search.passages import snippet
from articles.search.query import parse_query
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def days_ago(n: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n)


@pytest.fixture
def corpus() -> dict[str, Article]:
    """A small newsroom whose articles pin each ranking rule; the key names say what each one is for."""
    agency = make_agency("Sở Kế hoạch và Đầu tư")
    spec = {
        "trong_diem": (
            "Đẩy nhanh tiến độ các dự án trọng điểm",
            "Phó Bí thư Thường trực Thành ủy làm việc với Sở Kế hoạch và Đầu tư.",
            "<p>Thành phố có 12 dự án giao thông cần hoàn thành trước năm 2020.</p>",
            30,
        ),
        "da_nang_city": ("Hà Nội và Đà Nẵng ký kết hợp tác", "Hai thành phố hợp tác phát triển du lịch.", "", 20),
        "da_nang_hall": ("Khánh thành nhà thi đấu đa năng quận Cầu Giấy", "Công trình phục vụ thể thao.", "", 10),
        "lua_silk": ("Làng lụa Vạn Phúc đón khách quốc tế", "Nghề dệt lụa truyền thống.", "", 25),
        "lua_rice": ("Vụ lúa xuân được mùa", "Nông dân ngoại thành thu hoạch lúa.", "", 24),
        "cau_title": ("Thông xe cầu vượt Mai Dịch", "Giao thông thuận lợi hơn.", "<p>Công trình hoàn thành.</p>", 40),
        "cau_lead": ("Khởi công nút giao phía Tây", "Dự án gồm một cầu vượt và hầm chui.", "<p>Vốn ngân sách.</p>", 35),
        "cau_body": ("Quận Bắc Từ Liêm họp báo", "Thông tin kinh tế xã hội.", "<p>Sắp xây cầu vượt mới.</p>", 2),
        "phrase": (
            "Hội nghị của Thành ủy",
            "Sơ kết sáu tháng.",
            "<p>Đẩy mạnh chuyển đổi số trong cơ quan Đảng.</p>",
            50,
        ),
        "scattered": (
            "Số hóa hồ sơ, chuyển giao và đổi mới",
            "Cải cách hành chính.",
            "<p>Tiếp tục triển khai.</p>",
            1,
        ),
        "programme": (
            "Triển khai Chương trình 06-CTr/TU",
            "Phát triển đồng bộ kết cấu hạ tầng đô thị.",
            "<p>Theo Chương trình số 06-CTr/TU của Thành ủy Hà Nội.</p>",
            15,
        ),
        "de_dieu": ("Gia cố đê sông Hồng trước mùa mưa lũ", "Bảo đảm an toàn đê điều.", "", 12),
        "entities": (
            "Công bố quy hoạch phân khu",
            "Người dân góp ý.",
            "<p>Khu vực Hồ Tây &amp; phụ cận, tỷ lệ 1/2000 &ndash; dân cư ổn định.</p>",
            8,
        ),
        "old_name": ("Ủy ban nhân dân thành phố họp thường kỳ", "Thảo luận nghị quyết.", "", 60),
    }
    articles = {
        key: make_article(title, lead=lead, body=body, published_at=days_ago(age), agency=agency)
        for key, (title, lead, body, age) in spec.items()
    }
    articles["draft"] = make_article(
        "Bí mật dự án trọng điểm", lead="Bản nháp.", status=Article.Status.DRAFT, agency=agency
    )
    articles["future"] = make_article(
        "Dự án trọng điểm sắp công bố", published_at=NOW + datetime.timedelta(days=3), agency=agency
    )
    return articles


def ranked_keys(corpus: dict[str, Article], text: str, **filters) -> list[str]:
    by_id = {article.pk: key for key, article in corpus.items()}
    results = ranking.search_articles(query=parse_query(text), **filters)
    return [by_id[article.pk] for article in results[:50]]


# (query, expected keys at the top, in this order)
QUERIES = [
    ("dự án trọng điểm", ["trong_diem"]),
    ("du an trong diem", ["trong_diem"]),
    ("DỰ ÁN TRỌNG ĐIỂM", ["trong_diem"]),
    (unicodedata.normalize("NFD", "dự án trọng điểm"), ["trong_diem"]),
    ("dự-án, trọng điểm!", ["trong_diem"]),
    ("dư an trọng điêm", ["trong_diem"]),
    ("Đà Nẵng", ["da_nang_city", "da_nang_hall"]),
    ("\u00d0à Nẵng", ["da_nang_city", "da_nang_hall"]),
    ("đa năng", ["da_nang_hall", "da_nang_city"]),
    ("da nang", ["da_nang_hall", "da_nang_city"]),
    ("lụa", ["lua_silk", "lua_rice"]),
    ("lúa", ["lua_rice", "lua_silk"]),
    ("lua", ["lua_rice", "lua_silk"]),
    ("cầu vượt", ["cau_title", "cau_lead", "cau_body"]),
    ("cau vuot", ["cau_title", "cau_lead", "cau_body"]),
    ("chuyển đổi số", ["phrase", "scattered"]),
    ("chuyen doi so", ["phrase", "scattered"]),
    ("06-CTr/TU", ["programme"]),
    ("06 ctr tu", ["programme"]),
    ("đê sông Hồng", ["de_dieu"]),
    ("de song hong", ["de_dieu"]),
    ("Hồ Tây phụ cận", ["entities"]),
    ("uy ban nhan dan", ["old_name"]),
    ("ủy ban", ["old_name"]),
    ("Mai Dịch", ["cau_title"]),
    ("vạn phúc", ["lua_silk"]),
]


@pytest.mark.parametrize(("text", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_expected_articles_in_rank_order(corpus, text, expected):
    assert ranked_keys(corpus, text)[: len(expected)] == expected


def test_result_sets_are_exactly_the_matching_articles(corpus):
    assert sorted(ranked_keys(corpus, "da nang")) == ["da_nang_city", "da_nang_hall"]
    assert ranked_keys(corpus, "cầu vượt hầm chui") == ["cau_lead"]
    assert ranked_keys(corpus, "không có bài nào như thế") == []


def test_only_published_articles_are_found(corpus):
    found = ranked_keys(corpus, "dự án trọng điểm")
    assert "draft" not in found
    assert "future" not in found
    assert ranked_keys(corpus, "bí mật") == []


def test_exact_diacritics_rank_above_newer_folded_matches(corpus):
    # da_nang_hall is newer, but the query's marks match da_nang_city exactly.
    assert corpus["da_nang_hall"].published_at > corpus["da_nang_city"].published_at
    assert ranked_keys(corpus, "Đà Nẵng")[0] == "da_nang_city"


def test_title_outranks_lead_outranks_body_even_when_older(corpus):
    assert corpus["cau_body"].published_at > corpus["cau_lead"].published_at > corpus["cau_title"].published_at
    assert ranked_keys(corpus, "cau vuot") == ["cau_title", "cau_lead", "cau_body"]


def test_filters_narrow_results(corpus):
    other = make_agency("Sở Du lịch")
    official = make_official("Nguyễn Văn Du")
    programme = make_programme("07-CTr/TU")
    extra = make_article(
        "Dự án trọng điểm ngành du lịch",
        agency=other,
        officials=[official],
        programmes=[programme],
        published_at=days_ago(400),
    )
    corpus["extra"] = extra
    assert ranked_keys(corpus, "du an", agency=other) == ["extra"]
    assert ranked_keys(corpus, "du an", official=official) == ["extra"]
    assert ranked_keys(corpus, "du an", programme=programme) == ["extra"]
    to_day = timezone.localdate(days_ago(100))
    assert ranked_keys(corpus, "du an", date_to=to_day) == ["extra"]
    assert "extra" not in ranked_keys(corpus, "du an", date_from=to_day)


def test_search_page_highlights_terms_and_shows_snippets(client, corpus):
    html = client.get(reverse("search:results"), {"q": "du an trong diem"}).content.decode()
    assert "Tìm thấy 1 bài viết" in html
    assert "<mark>dự</mark> <mark>án</mark> <mark>trọng</mark> <mark>điểm</mark>" in html
    assert corpus["trong_diem"].get_absolute_url() in html
    assert "<mark>dự</mark> <mark>án</mark> giao thông" in html  # snippet from the body


def _words(first: int, last: int) -> str:
    return " ".join(f"từ{n}" for n in range(first, last + 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 12 words before the first match, 28 from it, "…" on the sides that go on.
        (
            f"{_words(1, 50)} Dự án {_words(51, 100)}",
            f"… {_words(39, 50)} <mark>Dự</mark> <mark>án</mark> {_words(51, 76)} …",
        ),
        # A match near the start: the passage starts with the text.
        (f"Mở đầu, dự án {_words(1, 60)}", f"Mở đầu, <mark>dự</mark> <mark>án</mark> {_words(1, 26)} …"),
        # A match in the last words: the passage ends with the text, punctuation included.
        (f"{_words(1, 20)} dự án.", f"… {_words(9, 20)} <mark>dự</mark> <mark>án</mark>."),
        # No match: the start of the text.
        (_words(1, 40), f"{_words(1, 28)} …"),
        ("Ngắn gọn & rõ.", "Ngắn gọn &amp; rõ."),
        ("", ""),
    ],
)
def test_a_snippet_is_the_passage_around_the_first_word_of_the_query(text, expected):
    assert str(snippet(text, parse_query("du an"))) == expected


def test_search_page_filters_by_agency_and_keeps_them_in_pagination(client, corpus):
    agency = corpus["cau_title"].agency
    for i in range(21):
        make_article(f"Cầu vượt số {i}", agency=agency)
    response = client.get(reverse("search:results"), {"q": "cầu vượt", "co_quan": agency.slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"?q=c%E1%BA%A7u+v%C6%B0%E1%BB%A3t&amp;co_quan={agency.slug}&amp;page=2" in html
    page2 = client.get(reverse("search:results"), {"q": "cầu vượt", "co_quan": agency.slug, "page": 2})
    assert "Trang 2 / 2" in page2.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Nhập từ khóa hoặc chọn bộ lọc"),
        ({"q": "   "}, "Nhập từ khóa hoặc chọn bộ lọc"),
        ({"q": "%"}, "không có chữ hoặc số nào để tìm"),
        ({"q": "&|!:*"}, "không có chữ hoặc số nào để tìm"),
        ({"q": "\"'"}, "không có chữ hoặc số nào để tìm"),
        ({"q": "a" * 201}, "Từ khóa dài tối đa 200 ký tự"),
        ({"q": "dự án", "tu_ngay": "2020-13-45"}, "Ngày không hợp lệ"),
        ({"q": "dự án", "tu_ngay": "2020-05-01", "den_ngay": "2020-01-01"}, "phải sau hoặc bằng"),
        ({"q": "dự án", "co_quan": "khong-ton-tai"}, "Lựa chọn không có trong danh sách"),
        ({"q": "dự án", "page": "abc"}, "Tìm thấy"),
        ({"q": "dự án", "page": "99999"}, "Tìm thấy"),
    ],
)
def test_odd_input_gives_a_vietnamese_page_not_an_error(client, corpus, params, message):
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("text", ["dự & án", "trọng | điểm", "!dự", "dự:*", "'dự án'", '"dự án"', "dự%án", "dự\\án"])
def test_operators_in_a_query_are_plain_separators(corpus, text):
    assert ranked_keys(corpus, text)[0] == "trong_diem"


def test_filters_alone_list_articles_newest_first(client, corpus):
    agency = make_agency("Sở Xây dựng")
    older = make_article("Bài cũ", agency=agency, published_at=days_ago(9))
    newer = make_article("Bài mới", agency=agency, published_at=days_ago(1))
    html = client.get(reverse("search:results"), {"co_quan": agency.slug}).content.decode()
    assert html.index(newer.get_absolute_url()) < html.index(older.get_absolute_url())


def test_every_page_has_a_labelled_search_box(client, corpus):
    html = client.get(reverse("public:home")).content.decode()
    assert 'role="search"' in html
    assert '<label for="site-search-q">' in html
    assert 'id="site-search-q"' in html


def test_search_columns_follow_edits_and_can_be_rebuilt(corpus):
    article = corpus["de_dieu"]
    article.title = "Nạo vét kênh thoát nước"
    article.save()
    assert ranked_keys(corpus, "kenh thoat nuoc") == ["de_dieu"]
    assert ranked_keys(corpus, "de song hong") == []
    Article.objects.filter(pk=article.pk).update(title="Trồng cây xanh đường phố", search_folded="")
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ranked_keys(corpus, "trong cay xanh") == ["de_dieu"]


def test_save_with_update_fields_keeps_search_columns_current(corpus):
    article = corpus["lua_silk"]
    article.title = "Làng gốm Bát Tràng đón khách quốc tế"
    article.save(update_fields=["title"])
    assert ranked_keys(corpus, "bat trang") == ["lua_silk"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of the full-text index is PostgreSQL-only")
def test_postgresql_search_uses_the_gin_index_not_a_sequential_scan():
    from articles.newsroom.search_columns import body_text, folded_document, update_vectors

    agency = make_agency("Sở Thông tin và Truyền thông")
    syllables = [
        "an",
        "bình",
        "cầu",
        "đường",
        "hội",
        "nghị",
        "kế",
        "hoạch",
        "lúa",
        "lụa",
        "nông",
        "sản",
        "thủ",
        "đô",
        "quy",
        "hoạch",
        "văn",
        "hóa",
        "giáo",
        "dục",
        "y",
        "tế",
    ]
    rows = []
    for i in range(6000):
        words = [syllables[(i * 7 + k * 3) % len(syllables)] for k in range(12)]
        title = f"Tin số {i}: " + " ".join(words[:6])
        body = "<p>" + " ".join(words) + f" mã{i}</p>"
        text = body_text(body)
        rows.append(
            Article(
                title=title,
                slug=f"tin-{i}",
                lead=" ".join(words[6:]),
                body=body,
                body_text=text,
                search_folded=folded_document(title, "", text),
                status=Article.Status.PUBLISHED,
                published_at=days_ago(1 + i % 900),
                agency=agency,
            )
        )
    Article.objects.bulk_create(rows, batch_size=1000)
    update_vectors(Article.objects.values_list("pk", "title", "lead", "body_text"))
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: merge GIN's pending list and gather statistics.
        # Planner settings are left alone; with 6000 rows a sequential scan would be a real option.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector')")
        cursor.execute("ANALYZE articles_article")
    results = ranking.search_articles(query=parse_query("mã4321"))
    plan = ranking.explain_matching(parse_query("mã4321"))
    assert "article_search_vector" in plan, plan
    assert "Seq Scan on articles_article" not in plan, plan
    assert [a.slug for a in results] == ["tin-4321"]


def test_a_huge_body_still_saves_and_is_found_by_its_title():
    body = "<p>" + " ".join(f"phụlục{i}" for i in range(120_000)) + "</p>"
    article = make_article("Phụ lục quy hoạch chung", body=body)
    found = ranking.search_articles(query=parse_query("phu luc quy hoach"))
    assert [a.pk for a in found] == [article.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL columns")
def test_saving_writes_the_search_vectors_in_the_same_statement():
    from django.test.utils import CaptureQueriesContext

    agency = make_agency()
    with CaptureQueriesContext(connection) as queries:
        article = make_article("Đẩy nhanh tiến độ dự án", agency=agency)
        article.lead = "Sapo mới về chuyển đổi số"
        article.save(update_fields=["lead"])
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    article_writes = [sql for sql in writes if '"articles_article" ' in sql or "articles_article " in sql]
    assert len(article_writes) == 2, article_writes  # one INSERT, one UPDATE: no second statement for vectors
    assert all("to_tsvector" in sql for sql in article_writes)
    assert isinstance(article.search_vector, str) and "chuyen" in article.search_vector  # reloaded, not SQL
    assert list(ranking.search_articles(query=parse_query("chuyen doi so"))) == [article]
