-- Live events numbered per hotel, kept for a while, so a tablet that reconnects hears
-- what it missed. The number is taken in the writing transaction and its row stays
-- locked until commit, so events commit (and are heard) in the order of their numbers,
-- and a rolled-back write gives its number back: the numbers have no gaps.
CREATE TABLE live_sequences (
    property_id  TEXT PRIMARY KEY REFERENCES properties (id),
    last_seq     BIGINT NOT NULL
);

-- The last events of each hotel (see server/src/live/window.rs for how many and how
-- long): the change as JSON, with who may hear of it.
CREATE TABLE live_events (
    property_id  TEXT NOT NULL REFERENCES properties (id),
    seq          BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    change       TEXT NOT NULL,
    PRIMARY KEY (property_id, seq)
);
CREATE INDEX live_events_at ON live_events (at);
