-- Training quizzes: hire dates, the question bank, quizzes, attempts, certificates,
-- assignments and onboarding plans.

-- The hire date as days since 1970-01-01: plain integer arithmetic works the same on
-- SQLite and PostgreSQL, so existing staff get the day their account was made.
ALTER TABLE staff ADD COLUMN hired_on BIGINT NOT NULL DEFAULT 0;
UPDATE staff SET hired_on = created_at / 86400000;

CREATE TABLE training_questions (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    category     TEXT NOT NULL,
    -- The question as the API writes it (JSON): tags, prompt, case, options, key,
    -- explanation, points.
    body         TEXT NOT NULL,
    archived     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX training_questions_category ON training_questions (property_id, category);

CREATE TABLE training_quizzes (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    title        TEXT NOT NULL,
    -- The settings as the API writes them (JSON): selection, pass mark, limits, review.
    body         TEXT NOT NULL,
    archived     BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- One row per attempt; the unique number per (quiz, person) keeps parallel starts from
-- going past the attempt limit on either database.
CREATE TABLE training_attempts (
    id            TEXT PRIMARY KEY,
    property_id   TEXT NOT NULL REFERENCES properties (id),
    quiz_id       TEXT NOT NULL REFERENCES training_quizzes (id),
    staff_id      TEXT NOT NULL REFERENCES staff (id),
    attempt_no    BIGINT NOT NULL,
    started_at    BIGINT NOT NULL,
    deadline_at   BIGINT,
    submitted_at  BIGINT,
    score         DOUBLE PRECISION,
    passed        BIGINT,
    UNIQUE (quiz_id, staff_id, attempt_no)
);
CREATE INDEX training_attempts_staff ON training_attempts (property_id, staff_id);

-- The questions of an attempt, frozen when it starts (a later bank edit changes nothing),
-- with the shuffled option order shown and the answer given.
CREATE TABLE training_attempt_questions (
    attempt_id    TEXT NOT NULL REFERENCES training_attempts (id),
    position      BIGINT NOT NULL,
    question_id   TEXT NOT NULL,
    question      TEXT NOT NULL,
    option_order  TEXT NOT NULL,
    response      TEXT,
    credit        DOUBLE PRECISION,
    PRIMARY KEY (attempt_id, position)
);
CREATE INDEX training_attempt_questions_question ON training_attempt_questions (question_id);

CREATE TABLE training_certificates (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    quiz_id      TEXT NOT NULL REFERENCES training_quizzes (id),
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    attempt_id   TEXT NOT NULL UNIQUE REFERENCES training_attempts (id),
    issued_at    BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX training_certificates_staff ON training_certificates (property_id, staff_id);

-- Who must take a quiz: a department, a role or a person. A recertification names the
-- certificate it renews, and the unique constraint makes it happen once.
CREATE TABLE training_assignments (
    id              TEXT PRIMARY KEY,
    property_id     TEXT NOT NULL REFERENCES properties (id),
    quiz_id         TEXT NOT NULL REFERENCES training_quizzes (id),
    target_kind     TEXT NOT NULL,
    target          TEXT NOT NULL,
    -- Days since 1970-01-01, like the hire date; NULL for no due date.
    due_on          BIGINT,
    certificate_id  TEXT UNIQUE REFERENCES training_certificates (id),
    created_by      TEXT REFERENCES staff (id),
    created_at      BIGINT NOT NULL,
    archived        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX training_assignments_property ON training_assignments (property_id, archived);

-- Onboarding: quizzes due a number of days after the hire date.
CREATE TABLE training_plans (
    id           TEXT PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    name         TEXT NOT NULL,
    -- JSON list of {quiz_id, day}.
    steps        TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE training_plan_members (
    plan_id      TEXT NOT NULL REFERENCES training_plans (id),
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    property_id  TEXT NOT NULL REFERENCES properties (id),
    assigned_at  BIGINT NOT NULL,
    PRIMARY KEY (plan_id, staff_id)
);
