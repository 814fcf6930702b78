-- Each room's status (api/src/room_status.rs): occupancy from the PMS beside
-- housekeeping's state, the guest's flags, what housekeeping saw (for skip and sleep),
-- out of order with its reason, return date and repair task, and the front desk's
-- queue for a waiting guest. A new room starts vacant and dirty: cleaned before sale.
ALTER TABLE rooms ADD COLUMN occupancy TEXT NOT NULL DEFAULT 'vacant';
ALTER TABLE rooms ADD COLUMN housekeeping TEXT NOT NULL DEFAULT 'dirty';
ALTER TABLE rooms ADD COLUMN do_not_disturb BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN service_refused BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN seen TEXT;
ALTER TABLE rooms ADD COLUMN ooo_reason TEXT;
ALTER TABLE rooms ADD COLUMN ooo_until TEXT;
ALTER TABLE rooms ADD COLUMN repair_task_id TEXT REFERENCES tasks (id);
ALTER TABLE rooms ADD COLUMN queued_at BIGINT;
-- Raised by every change of the status; a change based on an older one is refused.
ALTER TABLE rooms ADD COLUMN status_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE rooms ADD COLUMN status_changed_at BIGINT NOT NULL DEFAULT 0;

-- Every change of a room's status, with who (a person, the PMS, a task) and when.
-- Append-only.
CREATE TABLE room_events (
    id                 TEXT PRIMARY KEY,
    room_id            TEXT NOT NULL REFERENCES rooms (id),
    property_id        TEXT NOT NULL REFERENCES properties (id),
    at                 BIGINT NOT NULL,
    what               TEXT NOT NULL,
    source             TEXT NOT NULL,
    actor_id           TEXT REFERENCES staff (id),
    from_housekeeping  TEXT,
    to_housekeeping    TEXT,
    from_occupancy     TEXT,
    to_occupancy       TEXT,
    note               TEXT,
    task_id            TEXT REFERENCES tasks (id)
);
CREATE INDEX room_events_room ON room_events (room_id, at);
CREATE INDEX room_events_day ON room_events (property_id, at);

-- The day's rooms of each attendant, in order; `day` is the hotel's day number.
CREATE TABLE room_assignments (
    room_id       TEXT NOT NULL REFERENCES rooms (id),
    day           BIGINT NOT NULL,
    property_id   TEXT NOT NULL REFERENCES properties (id),
    attendant_id  TEXT NOT NULL REFERENCES staff (id),
    position      BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    credits       BIGINT NOT NULL,
    assigned_at   BIGINT NOT NULL,
    PRIMARY KEY (room_id, day)
);
CREATE INDEX room_assignments_attendant ON room_assignments (property_id, day, attendant_id, position);

-- Credits per room type and kind of clean; the empty room type is the hotel's default.
CREATE TABLE room_credits (
    property_id  TEXT NOT NULL REFERENCES properties (id),
    room_type    TEXT NOT NULL,
    departure    BIGINT NOT NULL,
    stay_over    BIGINT NOT NULL,
    PRIMARY KEY (property_id, room_type)
);

-- The PMS feed: whether a check-out files the room's cleaning task, and the webhook
-- (its secret is kept as given: it signs every delivery).
ALTER TABLE properties ADD COLUMN checkout_files_cleaning BIGINT NOT NULL DEFAULT 1;
ALTER TABLE properties ADD COLUMN webhook_url TEXT;
ALTER TABLE properties ADD COLUMN webhook_secret TEXT;

-- Tokens the PMS signs in with, kept as their SHA-256 only.
CREATE TABLE pms_tokens (
    id            TEXT PRIMARY KEY,
    property_id   TEXT NOT NULL REFERENCES properties (id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_by    TEXT NOT NULL REFERENCES staff (id),
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);

-- Each PMS event by the PMS's own id, with the answer it got: a replay gets it again.
CREATE TABLE pms_events (
    property_id   TEXT NOT NULL REFERENCES properties (id),
    event_id      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    answer        TEXT NOT NULL,
    received_at   BIGINT NOT NULL,
    PRIMARY KEY (property_id, event_id)
);

-- The webhook's deliveries: due while `next_attempt_at` is set.
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    property_id      TEXT NOT NULL REFERENCES properties (id),
    event            TEXT NOT NULL,
    room_number      TEXT NOT NULL,
    url              TEXT NOT NULL,
    body             TEXT NOT NULL,
    attempts         BIGINT NOT NULL,
    next_attempt_at  BIGINT,
    delivered_at     BIGINT,
    last_status      BIGINT,
    last_error       TEXT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
CREATE INDEX webhook_deliveries_property ON webhook_deliveries (property_id, created_at);
