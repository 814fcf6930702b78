-- Writes sent with an `Idempotency-Key` header (server/src/idempotency.rs): one row per
-- person and key, claimed before the write runs and holding its answer once it has.
-- `status` is NULL while the first request is still running. Purged after 48 hours.
CREATE TABLE idempotency_keys (
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    body         TEXT,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (staff_id, idem_key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
