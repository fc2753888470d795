from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "articles.backup"
    verbose_name = "Sao lưu nội dung"
    default_auto_field = "django.db.models.BigAutoField"
