#!/usr/bin/env bash
# Migrations once (under a database lock, so web tasks starting together do not race),
# then gunicorn in the foreground as PID 1, so ECS's SIGTERM reaches it.
set -o errexit -o pipefail -o nounset

if [ "${RUN_MIGRATIONS:-true}" = "true" ]; then
    python /app/manage.py migrate_once
fi

# Metrics files of a previous run would be added to this one's.
rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

exec gunicorn --config /app/docker/gunicorn.conf.py config.wsgi:application "$@"
