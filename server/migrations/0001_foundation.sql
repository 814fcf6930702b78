-- Properties (hotels), departments, staff, shared tablets and sessions.
-- Written once for SQLite and PostgreSQL: TEXT ids (UUIDs), BIGINT Unix-millisecond
-- timestamps, BIGINT 0/1 flags (sqlx's Any driver cannot read SQLite booleans).
-- Every domain table carries its property.

CREATE TABLE properties (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE departments (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    builtin      BIGINT NOT NULL,
    UNIQUE (property_id, code)
);

CREATE TABLE staff (
    id               TEXT PRIMARY KEY,
    property_id      TEXT NOT NULL REFERENCES properties (id),
    -- Badge numbers are unique across an installation, so sign-in needs no hotel picker.
    employee_no      TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    department_id    TEXT REFERENCES departments (id),
    role             TEXT NOT NULL,
    language         TEXT NOT NULL,
    active           BIGINT NOT NULL,
    password_hash    TEXT,
    pin_hash         TEXT,
    failed_attempts  BIGINT NOT NULL DEFAULT 0,
    locked_until     BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX staff_property ON staff (property_id, employee_no);

CREATE TABLE devices (
    id                 TEXT PRIMARY KEY,
    property_id        TEXT NOT NULL REFERENCES properties (id),
    name               TEXT NOT NULL,
    -- SHA-256 of the cookie token the tablet holds; NULL until enrolled.
    token_hash         TEXT UNIQUE,
    -- SHA-256 of the enrollment code; a NULL expiry never expires (the demo tablet).
    enroll_code_hash   TEXT,
    enroll_expires_at  BIGINT,
    created_by         TEXT REFERENCES staff (id),
    created_at         BIGINT NOT NULL,
    enrolled_at        BIGINT,
    last_seen_at       BIGINT,
    revoked_at         BIGINT
);
CREATE INDEX devices_enroll_code ON devices (enroll_code_hash);

CREATE TABLE sessions (
    -- SHA-256 of the cookie token: a leaked table does not sign anyone in.
    token_hash         TEXT PRIMARY KEY,
    property_id        TEXT NOT NULL REFERENCES properties (id),
    staff_id           TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    device_id          TEXT REFERENCES devices (id),
    created_at         BIGINT NOT NULL,
    last_seen_at       BIGINT NOT NULL,
    idle_timeout_secs  BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL
);
CREATE INDEX sessions_staff ON sessions (staff_id);

CREATE TABLE rooms (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    number       TEXT NOT NULL,
    floor        BIGINT NOT NULL,
    UNIQUE (property_id, number)
);
