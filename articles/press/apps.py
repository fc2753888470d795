from django.apps import AppConfig


class PressConfig(AppConfig):
    """Whom journalists may call: each agency's spokespersons (Decree 09/2017/NĐ-CP)."""

    name = "articles.press"
    verbose_name = "Phát ngôn và cung cấp thông tin cho báo chí"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.pagecache.invalidation import watch
        from articles.press.models import Spokesperson

        # Every row is public: the agency page and each of its releases show the current ones.
        watch(Spokesperson)
