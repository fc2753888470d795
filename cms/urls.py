from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import never_cache

from articles import upload_views
from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from cms.health import healthz

admin.site.site_header = "Tòa soạn – Quản trị nội dung"
admin.site.site_title = "Tòa soạn"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
    # CKEditor's upload and browse views, on our upload rule (articles/upload_views.py).
    path("ckeditor/upload/", staff_member_required(upload_views.upload), name="ckeditor_upload"),
    path("ckeditor/browse/", never_cache(staff_member_required(upload_views.browse)), name="ckeditor_browse"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
