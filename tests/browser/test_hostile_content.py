"""An article whose text holds XSS vectors is published; reading it in Chromium runs none of them."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.seed import seed_city
from tests.factories import make_article

# Each vector, if it ran, would open a dialog saying which one it was and leave its name in window.__xss.
VECTORS = [
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

    reader = start_journey("reader")
    page = reader.page
    dialogs: list[str] = []
    console_errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda message: console_errors.append(message.text)
        if message.type == "error" and "Failed to load resource" not in message.text
        else None,
    )

    page.goto(reader.url(article.get_absolute_url()))
    # Give every vector the chance a reader would: hover and click what is there, tab through the page.
    for element in page.locator(".article .body").locator("p, a, button, summary, div").all():
        if element.is_visible():
            element.hover()
            element.click(no_wait_after=True, timeout=2_000)
    for _ in range(10):
        page.keyboard.press("Tab")
    page.wait_for_timeout(300)

    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    assert console_errors == []
    assert page.url.endswith(article.get_absolute_url())  # no meta refresh, no javascript: navigation
    handlers = page.evaluate(
        """() => [...document.querySelectorAll('.article *')].flatMap(element =>
            [...element.attributes].filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
                .map(a => `${element.tagName.toLowerCase()} ${a.name}=${a.value}`))"""
    )
    assert handlers == []
    assert page.locator(".article script, .article iframe, .article object, .article embed, .article form").count() == 0
    article.refresh_from_db()
    expect(page.locator(".article h1")).to_have_text(article.title)  # shown as text, whatever it kept
    reader.arrive("hostile-article-after-clicking-everything")
    reader.finish()
