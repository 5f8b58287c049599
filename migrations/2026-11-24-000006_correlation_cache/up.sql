-- The second tier of the correlation cache (the first is moka in memory). Values are JSON.

CREATE TABLE correlation_cache (
    kind        TEXT NOT NULL,
    cache_key   TEXT NOT NULL,
    value       TEXT NOT NULL CHECK (json_valid(value)),
    stored_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, cache_key)
);
CREATE INDEX correlation_cache_expiry ON correlation_cache (expires_at);
