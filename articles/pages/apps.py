from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages editors write (about, contact, privacy, terms, accessibility), in Vietnamese and English."""

    name = "articles.pages"
    verbose_name = "Trang giới thiệu và chính sách"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.pagecache.invalidation import SEEN_BY_READERS, watch
        from articles.pages.models import Page

        watch(Page, seen=lambda row: row.status in SEEN_BY_READERS or row.loaded_status in SEEN_BY_READERS)
