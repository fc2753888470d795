"""A document's files: the type read from the content, hostile files refused with a Vietnamese message, type and
size shown, a PDF's first page as a picture stored through the one upload rule."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.documents import files, services
from articles.newsroom.models import StoredPicture
from tests import hostile_documents as hostile
from tests.factories import make_document, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("quyet-dinh.pdf", pdf_bytes(2), "pdf"),
        ("ke-hoach.docx", hostile.docx(), "docx"),
        ("bang-so-lieu.xlsx", hostile.xlsx(), "xlsx"),
        ("thong-bao.odt", hostile.odt(), "odt"),
        ("cong-van.doc", hostile.doc(), "doc"),
        ("so-lieu.xls", hostile.xls(), "xls"),
        ("khong-co-duoi", pdf_bytes(), "pdf"),  # no extension: the content decides
    ],
)
def test_accepted_types_are_read_from_the_content(name, data, kind):
    checked = files.check_document_file(SimpleUploadedFile(name, data))
    assert checked.kind == kind and checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("hoa-don.pdf", hostile.EXE, "executable", "chương trình chạy được"),
        ("bao-cao.docx", hostile.ELF, "executable", "chương trình chạy được"),
        ("trang.docx", hostile.HTML, "web_page", "trang web (HTML)"),
        ("giong-pdf.pdf", hostile.pdf_and_html(), "web_page", "trang web (HTML)"),
        ("mo-la-chay.pdf", hostile.pdf_with_open_action_javascript(), "pdf_script", "JavaScript"),
        ("an-ma.pdf", hostile.pdf_with_javascript_in_names(), "pdf_script", "JavaScript"),
        ("khoi-chay.pdf", hostile.pdf_with_launch_action(), "pdf_script", "tự chạy"),
        ("dinh-kem.pdf", hostile.pdf_with_embedded_file(), "pdf_embedded", "tệp đính kèm"),
        ("macro.docx", hostile.docx(macro=True), "macros", "macro"),
        ("macro.doc", hostile.doc_with_macros(), "macros", "macro"),
        ("goi-cai-dat.docx", hostile.zip_of_a_program(), "embedded_object", "nhúng"),
        ("ten-sai.pdf", hostile.docx(), "lies", "thực chất là tệp Word (DOCX), không phải PDF"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "not_allowed", "không phải tệp PDF, Word"),
        ("hong.pdf", b"%PDF-1.7\n garbage", "broken", "Không đọc được tệp"),
        ("rong.pdf", b"", "empty", "rỗng"),
    ],
)
def test_hostile_and_lying_files_are_refused_in_vietnamese(name, data, code, words):
    with pytest.raises(ValidationError) as refused:
        files.check_document_file(SimpleUploadedFile(name, data))
    assert refused.value.code == code
    assert words in refused.value.messages[0] and name in refused.value.messages[0]


def test_a_file_over_50_mb_is_refused_before_it_is_read(monkeypatch):
    upload = SimpleUploadedFile("lon.pdf", pdf_bytes())
    upload.size = 50 * 1024 * 1024 + 1
    with pytest.raises(ValidationError, match="vượt quá giới hạn 50 MB"):
        files.check_document_file(upload)


def test_an_attached_pdf_gets_a_first_page_picture_through_the_upload_rule():
    document = make_document()
    attached = services.attach_file(document=document, upload=SimpleUploadedFile("Quyết định.pdf", pdf_bytes(3)))
    assert attached.kind == "pdf" and attached.pages == 3 and attached.label == "Quyết định.pdf"
    assert attached.file.name.endswith(".pdf") and "Quy" not in attached.file.name  # a server-chosen name
    assert attached.preview.name and StoredPicture.objects.filter(name=attached.preview.name).exists()
    with default_storage.open(attached.preview.name) as stored, Image.open(stored) as picture:
        assert picture.width == files.PREVIEW_WIDTH


def test_the_page_shows_each_files_type_and_size_and_serves_it_as_its_checked_type(client):
    document = make_document()
    attached = services.attach_file(document=document, upload=SimpleUploadedFile("bang.xlsx", hostile.xlsx()))
    page = client.get(document.get_absolute_url()).content.decode()
    assert "bang.xlsx" in page and "Excel (XLSX), 1 KB" in page
    response = client.get(f"{document.get_absolute_url()}tep/{attached.pk}/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
