-- The inbox: notifications kept per person. A notification holds no sentence, only its
-- kind, the object it links to and the parameters the app phrases it with (JSON text of
-- an object of strings), in the reader's language. Each is written in the transaction
-- of the change that causes it, with a key naming that event: the unique index and an
-- insert that ignores a conflict make each event notify each person once, however many
-- servers see it.
CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    event_key    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    params       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    read_at      BIGINT
);
CREATE UNIQUE INDEX notifications_event ON notifications (staff_id, event_key);
-- The inbox, newest first, and its unread count.
CREATE INDEX notifications_inbox ON notifications (staff_id, property_id, created_at);
CREATE INDEX notifications_unread ON notifications (staff_id, property_id) WHERE read_at IS NULL;

-- What a person lets push (a JSON array of kinds) and their quiet hours (minutes after
-- the hotel's midnight, both or neither). No row: every kind pushes, at any hour.
CREATE TABLE notification_preferences (
    staff_id           TEXT PRIMARY KEY REFERENCES staff (id),
    push_kinds         TEXT NOT NULL,
    quiet_from_minute  BIGINT,
    quiet_to_minute    BIGINT,
    updated_at         BIGINT NOT NULL
);
