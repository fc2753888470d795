from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from cms.health import healthz

admin.site.site_header = "Tòa soạn – Quản trị nội dung"
admin.site.site_title = "Tòa soạn"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
    path("ckeditor/", include("ckeditor_uploader.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
