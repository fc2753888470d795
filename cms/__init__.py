# The Celery app is loaded with Django, so that tasks queued from the site use its configuration.
from cms.celery import app as celery_app

__all__ = ("celery_app",)
