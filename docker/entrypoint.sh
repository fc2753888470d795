#!/bin/sh
# Start-up of the web container: apply migrations and make cached pages stale (unless MIGRATE_ON_START=0),
# then run the command.
# With several replicas, let one of them (or a one-off `docker compose run --rm web migrate`) migrate.
set -eu

if [ "${MIGRATE_ON_START:-1}" = "1" ]; then
  python manage.py migrate --noinput
  # Pages cached by the previous release were rendered by its templates and code.
  python manage.py purge_page_cache
fi

if [ "${COLLECTSTATIC_ON_START:-0}" = "1" ]; then
  # Only needed when static files are changed after the image was built (e.g. a mounted folder).
  python manage.py collectstatic --noinput
fi

if [ "${1:-}" = "migrate" ]; then
  exit 0
fi

exec "$@"
