from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open data API. It adds no model: what it shows is what the public site shows (and is cached, and made
    stale, by the page cache like the site's pages)."""

    name = "articles.api"
    label = "api"
    verbose_name = "API dữ liệu mở"
