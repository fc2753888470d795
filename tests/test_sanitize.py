"""XSS vectors (OWASP filter-evasion cheat sheet style) through the body, title, lead and caption."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.newsroom.models import Article
from articles.newsroom.sanitize import clean_html, plain_text
from tests.factories import article_form_data, make_agency, make_article, make_editor

pytestmark = pytest.mark.django_db

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
    '&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TABLE>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    '<p style="text-align:center;background:url(javascript:alert(1))">x</p>',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=" '
    'type="image/svg+xml" AllowScriptAccess="always">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<form action="javascript:alert(1)"><input type=submit><button formaction="javascript:alert(1)">x</button></form>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="x" alt="&quot; onerror=&quot;alert(1)">',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://evil.example/embed"></iframe>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>',
    "<marquee onstart=alert(1)>x</marquee>",
    '<a href="java\x00script:alert(1)">x</a>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]

DANGEROUS_TAGS = {
    "script", "style", "object", "embed", "form", "input", "button", "base", "link", "meta", "svg", "math",
    "frame", "frameset", "body", "noscript", "video", "audio", "source", "marquee", "details", "title",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "dynsrc", "data", "xlink:href", "srcdoc"}
VIDEO_SOURCE_RE = re.compile(r"^https://(www\.youtube\.com|www\.youtube-nocookie\.com|player\.vimeo\.com)/")


class Inspector(HTMLParser):
    """Collects what would run in a browser: dangerous tags, handlers, script URLs, styles, iframes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and squashed.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"{tag}[{name}={value}]")
            if name == "srcdoc":
                self.problems.append(f"{tag}[srcdoc]")
            if name == "style" and not re.fullmatch(r"text-align: (left|right|center|justify)", value):
                self.problems.append(f"{tag}[style={value}]")
            if tag == "iframe" and name == "src" and not VIDEO_SOURCE_RE.match(value):
                self.problems.append(f"iframe[src={value}]")
        if tag == "iframe" and not any(name == "src" for name, _ in attrs):
            self.problems.append("iframe without an allowed source")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_there_are_at_least_forty_vectors():
    assert len(set(VECTORS)) >= 40


def test_inspector_notices_each_vector_before_cleaning():
    """The checks below are meaningful: raw, most vectors are caught by the inspector."""
    caught = [vector for vector in VECTORS if problems_in(vector)]
    assert len(caught) >= 40


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_stored_clean_and_renders_inert(client, vector):
    article = make_article(
        title=f"Tiêu đề {vector}",
        lead=f"Sapo {vector}",
        body=f"<p>Nội dung</p>{vector}",
        cover_caption=f"Chú thích {vector}",
        cover_alt=f"Ảnh {vector}",
        source=f"Nguồn {vector}",
    )
    article.refresh_from_db()
    assert problems_in(article.body) == []
    for plain in (article.title, article.lead, article.cover_caption, article.cover_alt, article.source):
        assert not re.search(r"<[a-zA-Z/!?]", plain), plain
    html = client.get(article.get_absolute_url()).content.decode()
    # The page's own frame (meta, link, body in base.html) is the same as for a harmless article.
    harmless = make_article("Bài bình thường", lead="Sapo", body="<p>Nội dung</p>", cover_caption="Ảnh")
    baseline = problems_in(client.get(harmless.get_absolute_url()).content.decode())
    assert problems_in(html) == baseline


def test_admin_form_input_is_cleaned_on_save(client):
    agency = make_agency()
    writer = make_editor("lan", roles=("writer",), agencies=(agency,))
    article = make_article("Gốc", agency=agency, status=Article.Status.DRAFT)
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(
            article,
            title="<b>Đậm</b> Hội nghị<script>alert(1)</script>",
            body='<p onclick="x()">Xin chào</p><script>alert(1)</script>',
            cover_caption="<img src=x onerror=alert(1)>Chú thích",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Đậm Hội nghị"
    assert article.slug == "goc"  # the slug of an existing article does not change
    assert article.body == "<p>Xin chào</p>"
    assert article.cover_caption == "Chú thích"


def test_slug_of_a_new_article_comes_from_the_clean_title():
    article = make_article("<b>Hội nghị</b><script>alert(1)</script> sơ kết")
    assert article.title == "Hội nghị sơ kết" and article.slug == "hoi-nghi-so-ket"


def test_legitimate_ckeditor_markup_is_kept():
    body = (
        '<p style="text-align: center;">Giữa</p><h2>Tiêu đề phụ</h2><ul><li>Một</li></ul>'
        '<figure class="image"><img alt="Hội nghị" height="300" src="/media/uploads/a.jpg" width="400">'
        "<figcaption>Quang cảnh hội nghị</figcaption></figure>"
        "<table><tbody><tr><td>Ô</td></tr></tbody></table>"
        '<p><a href="https://hanoi.gov.vn/">Cổng</a> <a href="/co-quan/">Cơ quan</a> '
        '<a href="mailto:a@b.vn">Thư</a></p>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315"></iframe>'
    )
    cleaned = clean_html(body)
    for kept in [
        '<p style="text-align: center">Giữa</p>',
        "<h2>Tiêu đề phụ</h2>",
        '<img alt="Hội nghị" height="300" src="/media/uploads/a.jpg" width="400">',
        "<figcaption>Quang cảnh hội nghị</figcaption>",
        "<td>Ô</td>",
        'href="https://hanoi.gov.vn/"',
        'href="/co-quan/"',
        'href="mailto:a@b.vn"',
        'src="https://www.youtube-nocookie.com/embed/abc"',
    ]:
        assert kept in cleaned, kept


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sở KH&ĐT", "Sở KH&ĐT"),
        ("a < b và c > d", "a < b và c > d"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Tin", "Tin"),
        ("<i>Nghiêng</i>", "Nghiêng"),
    ],
)
def test_plain_text_fields(raw, clean):
    assert plain_text(raw) == clean
