"""Document files as an attacker (or a careless editor) would send them: built for real with pypdf, zipfile and a
small OLE2 writer, so the checks read genuine structures, not strings that merely look like them."""

from __future__ import annotations

import io
import struct
import zipfile

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.factories import pdf_bytes

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 57
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_open_action_javascript() -> bytes:
    """A PDF that runs JavaScript when opened (/OpenAction << /S /JavaScript /JS (...) >>)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('x');")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def pdf_with_javascript_in_names() -> bytes:
    """Document-level JavaScript in the catalog's /Names /JavaScript tree, its name written with hex escapes
    (`/J#61vaScript`) so that a search of the raw bytes for `/JavaScript` misses it."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.launchURL('x');")}
    )
    tree = DictionaryObject(
        {
            NameObject("/Names"): __import__("pypdf").generic.ArrayObject(
                [TextStringObject("a"), writer._add_object(script)]
            )
        }
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    data = _written(writer)
    data = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ").replace(b"/JS(", b"/J#53(")
    assert b"/JavaScript" not in data
    return data


def pdf_with_launch_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("hoa-don.exe", EXE)
    return _written(writer)


def docx(parts: dict[str, bytes] | None = None, *, macro: bool = False) -> bytes:
    """A minimal Word package; `macro` adds a VBA project as a .docm would have."""
    buffer = io.BytesIO()
    content_type = b"application/vnd.ms-word.document.macroEnabled.main+xml" if macro else (
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )  # fmt: skip
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/word/document.xml" ContentType="' + content_type + b'"/></Types>',
        )
        package.writestr("word/document.xml", b"<w:document/>")
        if macro:
            package.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
        for name, data in (parts or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        package.writestr("xl/workbook.xml", b"<workbook/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", b"<office:document-content/>")
    return buffer.getvalue()


def zip_of_a_program() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("setup.exe", EXE)
    return buffer.getvalue()


# --- OLE2 compound files (Word 97-2003, Excel 97-2003) ---------------------------------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` at its root (each padded to 4 KB so no mini stream is needed)."""
    sector = 512
    bodies = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for data in streams.values()]
    fat = [_FAT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for body in bodies:
        first = len(fat)
        count = len(body) // sector
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= sector // 4
    fat += [_FREE] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _FREE, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, _END, 0, child=1 if names else _FREE)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _FREE
        directory += entry(name, 2, starts[index], len(streams[name]), right=right)
    directory = directory.ljust(-(-len(directory) // sector) * sector, b"\0")
    assert len(directory) == sector, "keep to three streams"
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(bodies)


def doc() -> bytes:
    return ole_file({"WordDocument": b"\xec\xa5" + b"word" * 100})


def doc_with_macros() -> bytes:
    return ole_file({"WordDocument": b"\xec\xa5" + b"word" * 100, "Macros": b"Attribute VB_Name"})


def xls() -> bytes:
    return ole_file({"Workbook": b"\x09\x08" + b"book" * 100})


def pdf_and_html() -> bytes:
    """A page of HTML with a PDF header deep inside: it is HTML to a browser, not a PDF."""
    return HTML + b"\n" * 2000 + pdf_bytes()
