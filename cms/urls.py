import re
from urllib.parse import urlsplit

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache

from articles.alerts.views import staff_settings
from articles.documents.sitemaps import SITEMAPS as DOCUMENT_SITEMAPS
from articles.newsroom import upload_views
from articles.public.media_views import serve_media
from articles.public.sitemaps import SITEMAPS
from articles.public.views import robots_txt
from cms.health import healthz

admin.site.site_header = "Tòa soạn – Quản trị nội dung"
admin.site.site_title = "Tòa soạn"
admin.site.index_title = "Quản trị"

# Uploaded files, unless a bucket or a front server serves them (SERVE_MEDIA, articles/media_views.py); the
# path of MEDIA_URL also when media have a host name of their own.
media_path = re.escape(urlsplit(settings.MEDIA_URL).path.lstrip("/"))
media_patterns = [re_path(rf"^{media_path}(?P<path>.+)$", serve_media, name="media")] if settings.SERVE_MEDIA else []

SITE_SITEMAPS = {**SITEMAPS, **DOCUMENT_SITEMAPS}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # A staff user's own switch for workflow emails, inside the admin's login and look.
    path("quan-tri/thong-bao-thu/", admin.site.admin_view(staff_settings), name="alerts_staff_settings"),
    path("quan-tri/", admin.site.urls),
    # CKEditor's upload and browse views, on our upload rule (articles/upload_views.py).
    path("ckeditor/upload/", staff_member_required(upload_views.upload), name="ckeditor_upload"),
    path("ckeditor/browse/", never_cache(staff_member_required(upload_views.browse)), name="ckeditor_browse"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITE_SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITE_SITEMAPS}, name="sitemap_section"),
    *media_patterns,
    path("api/", include("articles.api.urls")),
    # Email alerts: Vietnamese only, outside the language prefixes.
    path("", include("articles.alerts.urls")),
    # The documents register is in Vietnamese only: one address per document.
    path("", include("articles.documents.urls")),
    # The emblem (an SVG has its own address, articles/site/views.py): the same in both languages.
    path("", include("articles.site.urls")),
    # The English site's feeds and print view (/en/rss/, /en/atom/, /en/bai-viet/<slug>/ban-in/), before the
    # language-prefixed patterns that would give them the Vietnamese views.
    path("", include("articles.english.urls")),
]

# The citizens' site in both languages: Vietnamese at /, English under /en/. The address alone decides
# the language, so the page cache (keyed by the full address) never mixes them.
urlpatterns += i18n_patterns(
    path("", include("articles.search.urls")),
    path("", include("articles.pages.urls")),
    path("", include("articles.public.urls")),
    prefix_default_language=False,
)
