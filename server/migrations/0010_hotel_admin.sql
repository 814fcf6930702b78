-- The hotel's own set-up: rooms with a type, a section and a retired flag; departments
-- that can be retired; one-time set-up codes for imported people; and the append-only
-- trail of administrative changes.

-- Rooms and departments are retired, never deleted: tasks keep pointing at them.
ALTER TABLE rooms ADD COLUMN room_type TEXT NOT NULL DEFAULT '';
ALTER TABLE rooms ADD COLUMN section TEXT NOT NULL DEFAULT '';
ALTER TABLE rooms ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
ALTER TABLE departments ADD COLUMN active BIGINT NOT NULL DEFAULT 1;

-- A person made without a secret chooses one with this code; one live code a person.
CREATE TABLE setup_codes (
    staff_id     TEXT PRIMARY KEY REFERENCES staff (id),
    property_id  TEXT NOT NULL REFERENCES properties (id),
    -- SHA-256 of the code, as for tablet enrollment codes.
    code_hash    TEXT NOT NULL,
    created_by   TEXT REFERENCES staff (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

-- Who changed what in the hotel's administration. Rows are only ever inserted, in the
-- same transaction as the change they describe.
CREATE TABLE admin_events (
    id             TEXT PRIMARY KEY,
    property_id    TEXT NOT NULL REFERENCES properties (id),
    at             BIGINT NOT NULL,
    -- NULL when no one was signed in (a tablet typing its enrollment code).
    actor_id       TEXT REFERENCES staff (id),
    kind           TEXT NOT NULL,
    subject_id     TEXT NOT NULL,
    subject_label  TEXT NOT NULL,
    -- JSON of the record before and after, as the API shows it; NULL for none.
    before_json    TEXT,
    after_json     TEXT
);
CREATE INDEX admin_events_property_at ON admin_events (property_id, at);
CREATE INDEX admin_events_subject ON admin_events (property_id, subject_id);
