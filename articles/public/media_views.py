"""Uploaded files, where Django serves them itself (SERVE_MEDIA: a developer's machine, or a set-up with no
front server or bucket in front of gunicorn).

Unlike django.views.static.serve, nothing is guessed from the file's bytes or left to the browser: the
Content-Type comes from the stored extension, pictures are `inline` and everything else an `attachment`,
always with `X-Content-Type-Options: nosniff`. A file that `reencode_pictures` renamed answers its old
address with a 301 to the new one. docs/deploy.md says how a front server or a bucket does the same.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
)
from django.http.response import HttpResponseBase
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from articles.newsroom import stored_pictures
from articles.newsroom.uploads import PICTURE_CONTENT_TYPES

NOT_A_PICTURE_TYPE = "application/octet-stream"


def media_headers(name: str) -> dict[str, str]:
    """The headers a media file is served with, from its stored name alone."""
    content_type = PICTURE_CONTENT_TYPES.get(posixpath.splitext(name)[1].lower())
    return {
        "Content-Type": content_type or NOT_A_PICTURE_TYPE,
        "Content-Disposition": "inline" if content_type else "attachment",
        "X-Content-Type-Options": "nosniff",
    }


def _on_media_host(request: HttpRequest) -> bool:
    media_host = urlsplit(settings.MEDIA_URL).netloc
    return not media_host or request.get_host() == media_host


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    name = posixpath.normpath(path).lstrip("/")
    if not _on_media_host(request):
        # Media have their own host name (MEDIA_URL): addresses on the site's host, such as bodies written
        # before it was set, lead there, so that no upload is ever served from the site's origin.
        return HttpResponsePermanentRedirect(settings.MEDIA_URL + quote(name))
    try:
        full_path = Path(FileSystemStorage(location=settings.MEDIA_ROOT).path(name))  # refuses ../ and the like
    except SuspiciousFileOperation as error:
        raise Http404 from error
    if not full_path.is_file():
        if new_name := stored_pictures.new_name_of(name):
            return HttpResponsePermanentRedirect(default_storage.url(new_name))
        raise Http404
    modified = full_path.stat().st_mtime
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        return HttpResponseNotModified()
    headers = media_headers(name)
    response = FileResponse(
        full_path.open("rb"),
        content_type=headers["Content-Type"],
        as_attachment=headers["Content-Disposition"] == "attachment",
        filename=full_path.name,
    )
    response["X-Content-Type-Options"] = headers["X-Content-Type-Options"]
    response["Last-Modified"] = http_date(modified)
    return response
