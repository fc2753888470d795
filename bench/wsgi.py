"""The site as the benchmark serves it: the project's WSGI application, and uploads under /media/.

In production a front server (or the CDN) serves uploads; here WhiteNoise stands in for it so that
Lighthouse sees the pictures. wrk only requests the pages, so the load figures do not depend on it.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
application = WhiteNoise(get_wsgi_application(), autorefresh=True, max_age=3600)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
