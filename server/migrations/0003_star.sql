-- The monthly Service Star: cycles, secret ballots, the "has voted" roll, guest
-- compliments and the closed results.

-- Secrets the server makes once and keeps (the ballot key).
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE star_cycles (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    month        TEXT NOT NULL,
    opens_at     BIGINT NOT NULL,
    closes_at    BIGINT NOT NULL,
    closed_at    BIGINT,
    -- JSON weights used at the close.
    weights      TEXT,
    UNIQUE (property_id, month)
);

-- Ballots carry no voter: `ballot_key` is a keyed hash of (cycle, voter) that lets the
-- voter replace their own ballot, and `candidate_key` the same hash of the candidate,
-- so the database itself refuses a vote for oneself.
CREATE TABLE star_ballots (
    cycle_id             TEXT NOT NULL REFERENCES star_cycles (id),
    ballot_key           TEXT NOT NULL,
    candidate_key        TEXT NOT NULL,
    property_id          TEXT NOT NULL REFERENCES properties (id),
    candidate_id         TEXT NOT NULL REFERENCES staff (id),
    voter_department_id  TEXT REFERENCES departments (id),
    reason               TEXT NOT NULL,
    PRIMARY KEY (cycle_id, ballot_key),
    CHECK (ballot_key <> candidate_key)
);

-- Who has voted, without what.
CREATE TABLE star_voters (
    cycle_id     TEXT NOT NULL REFERENCES star_cycles (id),
    voter_id     TEXT NOT NULL REFERENCES staff (id),
    property_id  TEXT NOT NULL REFERENCES properties (id),
    PRIMARY KEY (cycle_id, voter_id)
);

CREATE TABLE star_compliments (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    source       TEXT NOT NULL,
    note         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES staff (id),
    at           BIGINT NOT NULL
);
CREATE INDEX star_compliments_month ON star_compliments (property_id, at);

CREATE TABLE star_results (
    cycle_id      TEXT NOT NULL REFERENCES star_cycles (id),
    staff_id      TEXT NOT NULL REFERENCES staff (id),
    property_id   TEXT NOT NULL REFERENCES properties (id),
    position      BIGINT NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    votes         BIGINT NOT NULL,
    compliments   BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, staff_id)
);

-- Voting days and who may be chosen, per property.
ALTER TABLE properties ADD COLUMN star_open_day BIGINT NOT NULL DEFAULT 20;
ALTER TABLE properties ADD COLUMN star_min_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE properties ADD COLUMN star_managers_eligible BIGINT NOT NULL DEFAULT 0;
