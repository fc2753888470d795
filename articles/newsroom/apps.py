from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The newsroom's data and workflow.

    Its label stays `articles`, the app's name before the split: tables (`articles_article`), permissions
    (`articles.approve_article`), admin addresses and the migration history keep their names.
    """

    name = "articles.newsroom"
    label = "articles"
    verbose_name = "Tòa soạn"
    default_auto_field = "django.db.models.BigAutoField"
