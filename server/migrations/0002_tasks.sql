-- Work orders: types with checklists and deadline targets, tasks, their checklist
-- items, comments, history and complaint follow-ups.

CREATE TABLE task_types (
    id                     TEXT PRIMARY KEY,
    property_id            TEXT NOT NULL REFERENCES properties (id),
    code                   TEXT NOT NULL,
    name                   TEXT NOT NULL,
    builtin                BIGINT NOT NULL,
    default_department_id  TEXT REFERENCES departments (id),
    -- JSON: [{"label": "...", "required": true}, ...]
    checklist              TEXT NOT NULL,
    -- JSON: five {"respond_mins", "resolve_mins"}, priority 1 first
    targets                TEXT NOT NULL,
    UNIQUE (property_id, code)
);

CREATE TABLE tasks (
    id                  TEXT PRIMARY KEY,
    property_id         TEXT NOT NULL REFERENCES properties (id),
    type_id             TEXT NOT NULL REFERENCES task_types (id),
    title               TEXT NOT NULL,
    details             TEXT NOT NULL,
    room_id             TEXT REFERENCES rooms (id),
    location            TEXT,
    department_id       TEXT NOT NULL REFERENCES departments (id),
    priority            BIGINT NOT NULL,
    status              TEXT NOT NULL,
    -- 1 until verified or cancelled: what every list reads, so lists stay as quick
    -- with a million closed tasks as with none.
    is_active           BIGINT NOT NULL,
    created_by          TEXT NOT NULL REFERENCES staff (id),
    assignee_id         TEXT REFERENCES staff (id),
    guest_facing        BIGINT NOT NULL,
    vip                 BIGINT NOT NULL,
    complaint_channel   TEXT,
    complaint_category  TEXT,
    -- Raised by every change; a change based on an older version is refused.
    version             BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    respond_by          BIGINT NOT NULL,
    resolve_by          BIGINT NOT NULL,
    accepted_at         BIGINT,
    done_at             BIGINT,
    closed_at           BIGINT,
    escalation_level    BIGINT NOT NULL DEFAULT 0,
    escalated_at        BIGINT
);
CREATE INDEX tasks_department_open ON tasks (property_id, department_id, is_active, created_at);
CREATE INDEX tasks_assignee_open ON tasks (property_id, assignee_id, is_active);
CREATE INDEX tasks_requester_open ON tasks (property_id, created_by, is_active);
CREATE INDEX tasks_open_deadline ON tasks (is_active, resolve_by);
CREATE INDEX tasks_created ON tasks (property_id, created_at);

CREATE TABLE task_checklist_items (
    task_id      TEXT NOT NULL REFERENCES tasks (id),
    position     BIGINT NOT NULL,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    label        TEXT NOT NULL,
    required     BIGINT NOT NULL,
    done_by      TEXT REFERENCES staff (id),
    done_at      BIGINT,
    PRIMARY KEY (task_id, position)
);

CREATE TABLE task_comments (
    id           TEXT PRIMARY KEY,
    task_id      TEXT NOT NULL REFERENCES tasks (id),
    property_id  TEXT NOT NULL REFERENCES properties (id),
    author_id    TEXT NOT NULL REFERENCES staff (id),
    at           BIGINT NOT NULL,
    body         TEXT NOT NULL
);
CREATE INDEX task_comments_task ON task_comments (task_id, at);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE task_events (
    id           TEXT PRIMARY KEY,
    task_id      TEXT NOT NULL REFERENCES tasks (id),
    property_id  TEXT NOT NULL REFERENCES properties (id),
    at           BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     TEXT REFERENCES staff (id),
    from_status  TEXT,
    to_status    TEXT,
    note         TEXT
);
CREATE INDEX task_events_task ON task_events (task_id, at);

CREATE TABLE complaint_follow_ups (
    task_id      TEXT NOT NULL REFERENCES tasks (id),
    level        TEXT NOT NULL,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    by_id        TEXT NOT NULL REFERENCES staff (id),
    at           BIGINT NOT NULL,
    outcome      TEXT NOT NULL,
    PRIMARY KEY (task_id, level)
);

-- How long after the supervisor's alert an overdue task also alerts the manager.
ALTER TABLE properties ADD COLUMN escalate_after_mins BIGINT NOT NULL DEFAULT 15;
