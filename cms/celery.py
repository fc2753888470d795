"""The task queue (Celery): release alerts and staff notifications leave the site through it.

Workers: `celery -A cms worker`; the periodic sweep: `celery -A cms beat` (docs/alerts.md). Configuration comes
from Django's settings, the names that start with CELERY_ (cms/settings.py).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
