"""The rule for a document's files: what is accepted, read from the content, and a PDF's first-page picture.

Accepted: PDF, Word (DOC, DOCX), Excel (XLS, XLSX) and OpenDocument text (ODT), at most 50 MB. The type is read from
the bytes (a PDF's header and structure through pypdf, an OLE2 compound file's streams through olefile, a ZIP
package's parts), never from the name; a name whose extension says another type is refused as a lie. Refused with a
Vietnamese message: executables, HTML and other web pages, a PDF with JavaScript (or any action that runs something)
or an embedded file, Office files with macros or embedded objects, encrypted or broken files, and anything else.

An accepted file is stored under a random name with the extension of its real type; the uploader's file name is kept
only as a label. A PDF's first page is rendered with pypdfium2 (PDFium, Chrome's PDF engine) and that picture goes
through the one upload rule (`stored_pictures.store_picture`).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import uuid
import zipfile
from dataclasses import dataclass

import olefile
import pypdf
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from articles.newsroom import stored_pictures

MAX_BYTES = 50 * 1024 * 1024
# A ZIP package may not unpack to more than this (a "zip bomb"), nor hold more parts.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_PARTS = 5000
PREVIEW_WIDTH = 640
EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "odt"}
LABELS = {"pdf": "PDF", "doc": "Word (DOC)", "docx": "Word (DOCX)", "xls": "Excel (XLS)", "xlsx": "Excel (XLSX)",
          "odt": "OpenDocument (ODT)"}  # fmt: skip

ACCEPTED = "PDF, Word (DOC, DOCX), Excel (XLS, XLSX) hoặc ODT"
TOO_LARGE = "Tệp “{name}” nặng {size:.1f} MB, vượt quá giới hạn 50 MB."
EMPTY = "Tệp “{name}” rỗng."
EXECUTABLE = "Tệp “{name}” là chương trình chạy được, không phải văn bản; không nhận tệp này."
WEB_PAGE = f"Tệp “{{name}}” là trang web (HTML) hoặc mã lệnh, không phải văn bản; hãy tải lên tệp {ACCEPTED}."
NOT_ALLOWED = f"Tệp “{{name}}” không phải tệp {ACCEPTED} hợp lệ."
LIES = "Tệp “{name}” thực chất là tệp {real}, không phải {claimed} như tên tệp ghi; hãy kiểm tra lại tệp."
BROKEN = "Không đọc được tệp “{name}”: tệp bị hỏng hoặc không đúng định dạng {kind}."
ENCRYPTED = "Tệp PDF “{name}” có đặt mật khẩu; hãy tải lên bản không có mật khẩu."
PDF_SCRIPT = (
    "Tệp PDF “{name}” có chứa mã JavaScript hoặc lệnh tự chạy nên bị từ chối; hãy xuất lại PDF không có mã lệnh."
)
PDF_EMBEDDED = "Tệp PDF “{name}” có tệp đính kèm bên trong nên bị từ chối; hãy tải từng tệp lên riêng."
MACROS = "Tệp “{name}” có chứa macro (mã lệnh) nên bị từ chối; hãy lưu lại dạng không có macro."
EMBEDDED_OBJECT = "Tệp “{name}” có nhúng đối tượng hoặc chương trình bên trong nên bị từ chối."

_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!", b"\0asm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Keys and values of PDF dictionaries that run something or carry a file.
_PDF_SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
_PDF_RUNNING_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/Rendition"}
_PDF_FILE_KEYS = {"/EmbeddedFiles", "/EF"}
_PDF_FILE_TYPES = {"/EmbeddedFile", "/FileAttachment", "/RichMedia"}


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # one of EXTENSIONS
    label: str  # the uploader's file name, for display only
    size: int
    sha256: str
    pages: int | None
    data: bytes

    @property
    def stored_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.kind}"


def refuse(message: str, code: str, **values: object) -> ValidationError:
    return ValidationError(message.format(**values), code=code)


def check_document_file(upload) -> CheckedFile:
    """The upload's real type and facts, or a ValidationError saying in Vietnamese why it is refused."""
    name = posixpath.basename(getattr(upload, "name", "") or "tệp")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise refuse(TOO_LARGE, "too_large", name=name, size=size / 1024 / 1024)
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise refuse(TOO_LARGE, "too_large", name=name, size=len(data) / 1024 / 1024)
    if not data:
        raise refuse(EMPTY, "empty", name=name)
    kind, pages = _real_kind(data, name)
    claimed = posixpath.splitext(name)[1].lower().lstrip(".")
    if claimed in EXTENSIONS and claimed != kind:
        raise refuse(LIES, "lies", name=name, real=LABELS[kind], claimed=LABELS[claimed])
    return CheckedFile(kind, name[:255], len(data), hashlib.sha256(data).hexdigest(), pages, data)


def _real_kind(data: bytes, name: str) -> tuple[str, int | None]:
    if data.startswith(_EXECUTABLE_MAGIC):
        raise refuse(EXECUTABLE, "executable", name=name)
    if b"%PDF-" in data[:1024]:
        return "pdf", _check_pdf(data, name)
    if data.startswith(_OLE_MAGIC):
        return _check_ole(data, name), None
    if data.startswith(b"PK\x03\x04"):
        return _check_package(data, name), None
    if _looks_like_markup(data):
        raise refuse(WEB_PAGE, "web_page", name=name)
    raise refuse(NOT_ALLOWED, "not_allowed", name=name)


def _looks_like_markup(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    return head.startswith((b"<", b"<?xml")) or any(tag in head for tag in (b"<html", b"<script", b"<svg", b"<body"))


# --- PDF ------------------------------------------------------------------------------------------------------------


def _check_pdf(data: bytes, name: str) -> int:
    """Refuses scripts, running actions and embedded files anywhere in the PDF; returns the number of pages."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(ENCRYPTED, "encrypted", name=name)
        pages = len(reader.pages)
        for obj in _pdf_objects(reader):
            _check_pdf_object(obj, name)
    except ValidationError:
        raise
    except Exception as error:
        raise refuse(BROKEN, "broken", name=name, kind="PDF") from error
    if pages < 1:
        raise refuse(BROKEN, "broken", name=name, kind="PDF")
    # Objects pypdf could not reach (outside the cross-reference table) are looked for in the bytes too.
    if b"/JavaScript" in data or b"/JS " in data or b"/JS(" in data or b"/JS<" in data:
        raise refuse(PDF_SCRIPT, "pdf_script", name=name)
    if b"/EmbeddedFile" in data:
        raise refuse(PDF_EMBEDDED, "pdf_embedded", name=name)
    return pages


def _pdf_objects(reader: pypdf.PdfReader):
    """Every object of the file (indirect objects, those in object streams, and the trailer)."""
    yield reader.trailer
    numbers = {idnum for entries in reader.xref.values() for idnum in entries} | set(reader.xref_objStm)
    for idnum in sorted(numbers):
        obj = reader.get_object(idnum)
        if obj is not None:
            yield obj


def _check_pdf_object(obj, name: str, depth: int = 0) -> None:
    if depth > 8:
        return
    if isinstance(obj, DictionaryObject):
        keys = set(obj.keys())
        if keys & _PDF_SCRIPT_KEYS or obj.get("/S") in _PDF_RUNNING_ACTIONS:
            raise refuse(PDF_SCRIPT, "pdf_script", name=name)
        if keys & _PDF_FILE_KEYS or obj.get("/Type") in _PDF_FILE_TYPES or obj.get("/Subtype") in _PDF_FILE_TYPES:
            raise refuse(PDF_EMBEDDED, "pdf_embedded", name=name)
        for key, value in obj.items():
            if not isinstance(value, NameObject) and key not in ("/Parent", "/P"):
                _check_pdf_object(_direct(value), name, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _check_pdf_object(_direct(value), name, depth + 1)


def _direct(value):
    # Indirect objects are checked where they are defined (every object is walked); only direct ones nest here.
    return None if hasattr(value, "idnum") else value


# --- Word and Excel 97-2003 (OLE2 compound files) -------------------------------------------------------------------


def _check_ole(data: bytes, name: str) -> str:
    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
    except Exception as error:
        raise refuse(BROKEN, "broken", name=name, kind="Word/Excel") from error
    tops = {stream.split("/")[0] for stream in streams}
    if tops & {"macros", "_vba_project_cur", "vba"} or any(s.endswith("/vba") for s in streams):
        raise refuse(MACROS, "macros", name=name)
    if "objectpool" in tops or any(top.startswith("mbd") for top in tops) or "\x01ole10native" in tops:
        raise refuse(EMBEDDED_OBJECT, "embedded_object", name=name)
    if "worddocument" in tops:
        return "doc"
    if tops & {"workbook", "book"}:
        return "xls"
    raise refuse(NOT_ALLOWED, "not_allowed", name=name)


# --- DOCX, XLSX, ODT (ZIP packages) ---------------------------------------------------------------------------------


def _check_package(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise refuse(BROKEN, "broken", name=name, kind="DOCX/XLSX/ODT")
            parts = {info.filename for info in infos}
            lowered = {part.lower() for part in parts}
            first = infos[0].filename if infos else ""
            mimetype = package.read("mimetype").strip() if first == "mimetype" else b""
            content_types = package.read("[Content_Types].xml") if "[Content_Types].xml" in parts else b""
    except ValidationError:
        raise
    except Exception as error:
        raise refuse(BROKEN, "broken", name=name, kind="DOCX/XLSX/ODT") from error
    if any(part.endswith(".exe") or part.endswith(".dll") or part.endswith(".js") for part in lowered):
        raise refuse(EMBEDDED_OBJECT, "embedded_object", name=name)
    if (
        any(posixpath.basename(part) in ("vbaproject.bin", "vbadata.xml") for part in lowered)
        or b"macroEnabled" in content_types
        or any(part.startswith(("basic/", "scripts/")) for part in lowered)
    ):
        raise refuse(MACROS, "macros", name=name)
    if any("/embeddings/oleobject" in part or part.endswith(".bin") and "/embeddings/" in part for part in lowered):
        raise refuse(EMBEDDED_OBJECT, "embedded_object", name=name)
    if mimetype == b"application/vnd.oasis.opendocument.text":
        return "odt"
    if content_types and "word/document.xml" in parts:
        return "docx"
    if content_types and "xl/workbook.xml" in parts:
        return "xlsx"
    raise refuse(NOT_ALLOWED, "not_allowed", name=name)


# --- storing ----------------------------------------------------------------------------------------------------


def stored_content(checked: CheckedFile) -> ContentFile:
    """The file as it is stored: its bytes under a random name with the extension of its real type."""
    return ContentFile(checked.data, name=checked.stored_name)


def render_first_page(data: bytes, *, width: int = PREVIEW_WIDTH) -> bytes | None:
    """The first page of a PDF as a PNG `width` pixels wide, or None when PDFium cannot draw it."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            scale = width / max(page.get_width(), 1)
            image = page.render(scale=scale, may_draw_forms=False).to_pil()
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - a picture is a nicety; the file itself was accepted
        return None
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def store_preview(*, checked: CheckedFile, uploaded_by=None) -> str:
    """Renders and stores a PDF's first page through the one upload rule; returns the stored name ("" if none)."""
    if checked.kind != "pdf":
        return ""
    png = render_first_page(checked.data)
    if png is None:
        return ""
    upload = SimpleUploadedFile(f"{posixpath.splitext(checked.label)[0]}-trang-1.png", png, content_type="image/png")
    return stored_pictures.store_picture(upload=upload, folder="van-ban/xem-truoc", uploaded_by=uploaded_by)
