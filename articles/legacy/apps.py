from django.apps import AppConfig


class LegacyImportConfig(AppConfig):
    name = "articles.legacy"
    verbose_name = "Nhập bài từ cổng cũ"
    default_auto_field = "django.db.models.BigAutoField"
