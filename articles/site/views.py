"""The emblem, when it is an SVG: media are served by extension and only raster pictures inline
(articles/public/media_views.py), so the checked SVG has an address of its own."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from articles.site.models import SiteSettings

# Even opened on its own, the drawing can run nothing and load nothing.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@require_safe
def emblem(request: HttpRequest, name: str) -> HttpResponse:
    settings = SiteSettings.current()
    if not settings.emblem_is_svg or settings.emblem.name.rsplit("/", 1)[-1] != name:
        raise Http404("Không có biểu trưng này.")
    with settings.emblem.open("rb") as stored:
        content = stored.read()
    response = HttpResponse(content, content_type="image/svg+xml")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SVG_POLICY
    return response
