# The web service: gunicorn serving Django, static files through whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# An unprivileged account runs the site; it owns only the media folder.
RUN useradd --system --uid 10001 --gid 0 --home-dir /app --shell /usr/sbin/nologin toasoan

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image (hashed, compressed), so every replica serves the
# same files without a shared volume. The key and hosts here exist only for this build step.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown toasoan:0 /app/media \
    && chmod +x docker/entrypoint.sh

USER toasoan
EXPOSE 8000

# Migrations run on start (see the script); then gunicorn, configured by gunicorn.conf.py.
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "cms.wsgi:application", "--config", "gunicorn.conf.py"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]
