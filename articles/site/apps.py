from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "articles.site"
    label = "site"
    verbose_name = "Thông tin cổng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.pagecache.invalidation import watch
        from articles.site.models import MenuItem, SiteSettings

        # Both are on every public page.
        watch(SiteSettings)
        watch(MenuItem)
