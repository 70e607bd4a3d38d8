#!/usr/bin/env bash
# The image's one entry point: `web`, `worker`, `beat`, or `manage ARGS...` for a one-off
# management command; anything else runs as given (a shell, for example).
set -o errexit -o pipefail -o nounset

role="${1:-web}"
if [ "$#" -gt 0 ]; then
    shift
fi
# On ECS the database and Redis arrive in parts (host from the stack, password and token
# from Secrets Manager); the app reads URLs. The generated secrets are letters and digits
# only, so they need no escaping here.
if [ -z "${DATABASE_URL:-}" ] && [ -n "${DATABASE_HOST:-}" ]; then
    export DATABASE_URL="postgres://${DATABASE_USER}:${DATABASE_PASSWORD}@${DATABASE_HOST}:${DATABASE_PORT:-5432}/${DATABASE_NAME:-catalogue}?sslmode=require"
fi
if [ -z "${REDIS_URL:-}" ] && [ -n "${REDIS_HOST:-}" ]; then
    redis_base="rediss://:${REDIS_AUTH_TOKEN}@${REDIS_HOST}:${REDIS_PORT:-6379}"
    export REDIS_URL="${redis_base}/0?ssl_cert_reqs=required"
    export CELERY_BROKER_URL="${CELERY_BROKER_URL:-${redis_base}/1?ssl_cert_reqs=required}"
fi

# The health check runs in a separate process: it reads which one this container is.
printf '%s\n' "$role" > /tmp/process-role

case "$role" in
    web) exec /app/docker/start-web.sh "$@" ;;
    worker) exec /app/docker/start-worker.sh "$@" ;;
    beat) exec /app/docker/start-beat.sh "$@" ;;
    manage) exec python /app/manage.py "$@" ;;
    *) exec "$role" "$@" ;;
esac
