"""An article whose text holds XSS vectors is published; reading it in Chromium runs none of them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.seed import seed_city
from tests.factories import make_article

# Each vector, if it ran, would open a dialog saying which one it was and leave its name in window.__xss.
VECTORS = [
    # Text that looks like markup, as an article quoting code would hold: it must stay text everywhere,
    # including the plain-text snippets of search results.
    "<p>Mã mẫu: &lt;img src=x onerror=alert('text-as-markup')&gt;"
    " và &lt;script&gt;alert('text-script')&lt;/script&gt;</p>",
    "<script>window.__xss=(window.__xss||[]).concat('script');alert('script')</script>",
    '<img src="/khong-co.png" alt="Ảnh"'
    " onerror=\"window.__xss=(window.__xss||[]).concat('img-onerror');alert('img-onerror')\">",
    "<svg onload=\"alert('svg-onload')\"><script>alert('svg-script')</script></svg>",
    "<a href=\"javascript:alert('javascript-url')\">Xem chi tiết</a>",
    "<a href=\"  JaVaScRiPt:alert('javascript-url-mixed-case')\">Xem thêm</a>",
    "<a href=\"java&#x09;script:alert('javascript-url-tab')\">Tải về</a>",
    "<p onmouseover=\"alert('onmouseover')\">Rê chuột vào đây</p>",
    "<iframe src=\"javascript:alert('iframe-javascript')\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;parent.alert('iframe-srcdoc')&lt;/script&gt;\"></iframe>",
    "<object data=\"javascript:alert('object')\"></object><embed src=\"javascript:alert('embed')\">",
    "<details open ontoggle=\"alert('details-ontoggle')\"><summary>Chi tiết</summary></details>",
    "<input autofocus onfocus=\"alert('autofocus')\">",
    "<form action=\"javascript:alert('form-action')\"><button>Gửi</button></form>",
    '<math><mtext><table><mglyph><style><img src=x alt="" onerror="alert(\'mxss\')">',
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript-mxss')>\"></p></noscript>",
    "<div style=\"background-image:url(javascript:alert('css-url'))\">Nền</div>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta-refresh\')">',
    "<base href=\"javascript:alert('base-href')//\">",
    "<video><source onerror=\"alert('video-source')\"></video>",
    "<p>Kết thúc <b>bài viết</b>.</p>",
]
HOSTILE_TITLE = "Thông báo \"><script>alert('title')</script> về lịch tiếp dân"


CONTENT = ".body, .lead, figcaption, .source, .card, .search-results article"


def test_article_with_xss_vectors_runs_no_script_in_chromium(start_journey):
    city = seed_city(extra_articles=0)
    article = make_article(
        HOSTILE_TITLE,
        lead="Sapo <img src=x onerror=\"alert('lead')\"> có mã độc.",
        body="\n".join(VECTORS),
        agency=city.agency,
        cover_caption="<script>alert('caption')</script>Chú thích",
        source="<a href=\"javascript:alert('source')\">Nguồn</a>",
    )
    article.refresh_from_db()
    # Everywhere the article's text is shown: its page, its print view, search results (with highlighted
    # words and snippets), the home page and its agency's page.
    pages = {
        "article": article.get_absolute_url(),
        "print-view": reverse("public:article_print", kwargs={"slug": article.slug}),
        "search-results": reverse("search:results") + "?" + urlencode({"q": "thong bao lich tiep dan"}),
        "home": reverse("public:home"),
        "agency": city.agency.get_absolute_url(),
    }

    reader = start_journey("reader")
    page = reader.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for name, path in pages.items():
        url = reader.url(path)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{name}: {response and response.status}"
        expect(page.locator("main")).to_contain_text("về lịch tiếp dân")
        # Give every vector the chance a reader would: hover and click what the text holds, tab through.
        for element in page.locator(".body").locator("p, a, button, summary, div, img").all():
            if element.is_visible():
                element.hover()
                element.click(no_wait_after=True, timeout=2_000)
        for _ in range(10):
            page.keyboard.press("Tab")
        page.wait_for_timeout(200)

        assert dialogs == [], f"{name}: dialogs opened: {dialogs}"
        assert page.evaluate("window.__xss") is None, name
        assert page.url == url, f"{name}: the page went to {page.url}"  # no meta refresh, no javascript: link
        risky = page.evaluate(
            """(content) => {
                const found = [];
                for (const element of document.querySelectorAll('*')) {
                    for (const a of element.attributes) {
                        if (a.name.startsWith('on') || /^\\s*(javascript|data):/i.test(a.value)) {
                            found.push(`${element.tagName.toLowerCase()} ${a.name}=${a.value}`);
                        }
                    }
                }
                for (const script of document.scripts) {
                    if (script.type === 'application/ld+json') {
                        try { JSON.parse(script.textContent); } catch (e) { found.push('broken JSON-LD'); }
                    } else if (!script.src || new URL(script.src).pathname.indexOf('/static/') !== 0) {
                        found.push('script ' + (script.src || script.textContent.slice(0, 80)));
                    }
                }
                for (const element of document.querySelectorAll('base, meta[http-equiv]')) {
                    found.push(element.outerHTML);
                }
                const areas = document.querySelectorAll(content);
                for (const area of areas) {
                    for (const element of area.querySelectorAll('iframe, object, embed, form, input, style')) {
                        found.push(element.outerHTML.slice(0, 120));
                    }
                }
                return found;
            }""",
            CONTENT,
        )
        assert risky == [], f"{name}: {risky}"
        reader.arrive(name)

    reader.finish()  # also fails on any script error or console error on the way
