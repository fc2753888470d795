from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Email: release alerts for subscribers, workflow notifications for staff (docs/alerts.md)."""

    name = "articles.alerts"
    label = "alerts"
    verbose_name = "Thư thông báo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Nothing here is seen by readers (subscriptions are private), so no pagecache.watch(): only the
        # workflow steps are listened to, to queue emails once they are committed.
        from articles.alerts import tasks, triggers

        tasks.register()
        triggers.connect()
