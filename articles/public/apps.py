from django.apps import AppConfig


class PublicSiteConfig(AppConfig):
    name = "articles.public"
    verbose_name = "Trang công khai"
    default_auto_field = "django.db.models.BigAutoField"
