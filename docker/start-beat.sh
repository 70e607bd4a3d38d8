#!/usr/bin/env bash
# Celery beat with the DatabaseScheduler set in settings (schedules are edited in the admin).
# Exactly one may run per deployment, or every periodic task runs twice.
set -o errexit -o pipefail -o nounset

exec celery --app config.celery_app beat \
    --loglevel "${LOG_LEVEL:-INFO}" \
    --pidfile /tmp/celerybeat.pid \
    "$@"
