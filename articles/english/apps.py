from django.apps import AppConfig


class EnglishConfig(AppConfig):
    """The English site: English versions of articles written by editors, the language switch and hreflang."""

    name = "articles.english"
    verbose_name = "Bản tiếng Anh"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.english.models import EnglishVersion
        from articles.pagecache.invalidation import SEEN_BY_READERS, watch

        # Drafts and submissions change nothing a reader sees; publishing, editing a published version or taking
        # it offline does.
        watch(EnglishVersion, seen=lambda row: row.status in SEEN_BY_READERS or row.loaded_status in SEEN_BY_READERS)
