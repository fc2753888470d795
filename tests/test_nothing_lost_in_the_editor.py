"""The article form keeps what the editor writes: pictures never saved without an address, Word's markup cleaned,
a Vietnamese spell-checked editing area, a title box for a 300-character headline, local copies offered back."""

import pytest
from django.conf import settings
from django.urls import reverse

from articles.newsroom.models import Article
from tests.factories import article_form_data, make_agency, make_article, make_editor, picture_file

pytestmark = pytest.mark.django_db

WORD_HTML = (
    '<p class="MsoNormal" style="margin-bottom:0cm;mso-line-height-rule:exactly"><span lang="VI" '
    'style="font-family:&quot;Times New Roman&quot;;mso-fareast-language:VI">Đoạn từ Word<o:p></o:p></span></p>'
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
)


@pytest.fixture
def writer_and_draft(client):
    agency = make_agency()
    writer = make_editor("phongvien", roles=("writer",), agencies=(agency,))
    client.force_login(writer)
    return writer, make_article("Bài nháp", agency=agency, status=Article.Status.DRAFT)


def save(client, article, **changes):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, **changes)
    )


@pytest.mark.parametrize(
    "picture",
    ['<img alt="x">', '<img src="" alt="x">', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
     '<img src="blob:http://testserver/1234" alt="x">', '<img src="file:///C:/Users/lan/anh.jpg" alt="x">'],
)  # fmt: skip
def test_a_picture_that_was_never_uploaded_is_refused_with_a_visible_message(client, writer_and_draft, picture):
    _, draft = writer_and_draft
    response = save(client, draft, body=f"<p>Chữ.</p><p>{picture}</p>")
    assert response.status_code == 200
    assert "1 ảnh chưa được tải lên máy chủ" in response.content.decode()
    draft.refresh_from_db()
    assert "<img" not in draft.body


def test_a_pasted_picture_goes_through_the_upload_rule_and_answers_ckeditor_in_json(client, writer_and_draft, settings):
    """CKEditor's uploadimage posts pasted and dropped pictures here, as the picture dialog does."""
    response = client.post(settings.CKEDITOR_CONFIGS["default"]["uploadUrl"], {"upload": picture_file("dan-vao.png")})
    answer = response.json()
    assert answer["uploaded"] == "1" and answer["url"].startswith(settings.MEDIA_URL)
    refused = client.post(settings.CKEDITOR_CONFIGS["default"]["uploadUrl"], {"upload": _not_a_picture()})
    assert refused.json()["uploaded"] == 0 and refused.json()["error"]["message"]


def _not_a_picture():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script></html>", content_type="image/png")


def test_the_editor_uploads_pasted_pictures_and_cleans_word(settings):
    config = settings.CKEDITOR_CONFIGS["default"]
    assert {"uploadimage", "pastefromword", "image2"} <= set(config["extraPlugins"].split(","))
    assert config["uploadUrl"].startswith(reverse("ckeditor_upload"))


def test_paste_from_word_is_cleaned_on_save(client, writer_and_draft):
    _, draft = writer_and_draft
    assert save(client, draft, body=WORD_HTML).status_code == 302
    draft.refresh_from_db()
    assert draft.body == '<p><span lang="VI">Đoạn từ Word</span></p>'


def test_the_editing_areas_are_vietnamese_and_spell_checked(client, writer_and_draft):
    _, draft = writer_and_draft
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    for name in ("title", "lead"):
        tag = html.split(f'name="{name}"')[1].split(">")[0]
        assert 'lang="vi"' in tag and 'spellcheck="true"' in tag, name
    config = settings.CKEDITOR_CONFIGS["default"]
    assert config["contentsLanguage"] == "vi" and config["disableNativeSpellChecker"] is False
    assert "js/article_editor.js" in html  # keeps local copies and sets lang/spellcheck on CKEditor's body


def test_a_300_character_headline_fits_and_is_kept_whole(client, writer_and_draft):
    _, draft = writer_and_draft
    headline = ("Hà Nội " * 43)[:300]
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    title_tag = html.split('name="title"')[0].rsplit("<", 1)[1] + html.split('name="title"')[1].split(">")[0]
    assert title_tag.startswith("textarea") and 'maxlength="300"' in title_tag and "title-input" in title_tag
    assert save(client, draft, title=headline).status_code == 302
    draft.refresh_from_db()
    assert draft.title == headline and len(headline) == 300


def test_the_picture_labels_say_one_thing_each(client, writer_and_draft):
    _, draft = writer_and_draft
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert ">Mô tả ảnh cho người khiếm thị:<" in html and ">Chú thích ảnh:<" in html
    script = (settings.BASE_DIR / "static" / "js" / "article_editor.js").read_text()
    assert 'alt.label = "Mô tả ảnh cho người khiếm thị"' in script
