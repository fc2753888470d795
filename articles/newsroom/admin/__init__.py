"""The editors' admin, in Vietnamese: directory data, articles with their workflow, accounts, audit log."""

from articles.newsroom.admin import article, audit, directory, portal, users  # noqa: F401  (registers the model admins)
