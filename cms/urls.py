from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path
from django.views.decorators.cache import never_cache

from articles import upload_views

admin.site.site_header = "Tòa soạn – Quản trị nội dung"
admin.site.site_title = "Tòa soạn"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    # django-ckeditor's upload and browse views; uploads go through our picture checks first.
    path("ckeditor/upload/", staff_member_required(upload_views.upload), name="ckeditor_upload"),
    path("ckeditor/browse/", never_cache(staff_member_required(ckeditor_views.browse)), name="ckeditor_browse"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
