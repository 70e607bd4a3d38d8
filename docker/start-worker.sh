#!/usr/bin/env bash
# A Celery worker. Gossip and mingle only add broker chatter and slow start-up here.
set -o errexit -o pipefail -o nounset

exec celery --app config.celery_app worker \
    --loglevel "${LOG_LEVEL:-INFO}" \
    --concurrency "${WORKER_CONCURRENCY:-2}" \
    --without-gossip --without-mingle \
    "$@"
