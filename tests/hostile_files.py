"""Hostile uploads, built as an attacker would: real pictures that are also something else."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image

HTML_PAYLOAD = b"<html><script>alert(1)</script></html>"
JS_PAYLOAD = b"*/=alert(1);/*"
SVG_WITH_SCRIPT = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"
XMP_WITH_GPS = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="21,1.70N" exif:GPSLongitude="105,51.20E"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def jpeg_that_is_html() -> bytes:
    """A valid JPEG whose comment (COM) segment is an HTML page with a script: served as HTML, it runs."""
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), "teal").save(buffer, "JPEG", comment=HTML_PAYLOAD)
    return buffer.getvalue()


def gif_that_is_javascript() -> bytes:
    """A valid GIF that is also a script: `GIF89a/*…*/=alert(1);/*…*/`, i.e. `GIF89a = alert(1)`.

    The logical screen width 0x2A2F is stored as the bytes "/*", which opens a comment that the GIF's own
    comment extension closes; the bytes after the GIF trailer close the last one.
    """
    buffer = io.BytesIO()
    Image.new("P", (0x2A2F, 1)).save(buffer, "GIF", comment=JS_PAYLOAD)
    data = buffer.getvalue() + b"*/"
    assert data.startswith(b"GIF89a/*") and data.count(b"*/") == 2
    return data


def jpeg_with_exif_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def jpeg_with_xmp_gps() -> bytes:
    """A JPEG with its position only in XMP (an APP1 segment holding exif:GPSLatitude)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "olive").save(buffer, "JPEG", xmp=XMP_WITH_GPS)
    data = buffer.getvalue()
    assert b"http://ns.adobe.com/xap/1.0/\x00" in data and b"GPSLatitude" in data
    return data


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width`×`height` pixels (a decompression bomb at 20000×20000)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def animated(fmt: str, *, durations: tuple[int, ...] = (100, 250, 400), loop: int = 0) -> bytes:
    """An animation whose frames differ (a square moving right, one frame half transparent)."""
    frames = []
    for index, _ in enumerate(durations):
        frame = Image.new("RGBA", (30, 20), (255, 255, 255, 255))
        frame.paste((200, 30, 30, 255 if index != 1 else 0), (index * 8, 4, index * 8 + 8, 12))
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(
        buffer, fmt, save_all=True, append_images=frames[1:], duration=list(durations), loop=loop, comment=b"<b>x</b>"
    )
    return buffer.getvalue()
