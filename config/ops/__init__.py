"""Operations inside the app: health endpoints, structured logs, request ids and metrics."""
