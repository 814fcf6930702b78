-- Mystery-shopper audits: templates with immutable versions, monthly targets, audits
-- with their draft answers and photos, results broken down for reports, and the
-- corrective tasks raised from failed items.

CREATE TABLE audit_templates (
    id              TEXT PRIMARY KEY,
    property_id     TEXT NOT NULL REFERENCES properties (id),
    latest_version  BIGINT NOT NULL,
    -- Corrective tasks of automatic actions are filed in this manager's name, never
    -- the auditor's, so the task list does not reveal who audited.
    created_by      TEXT NOT NULL REFERENCES staff (id),
    archived_at     BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX audit_templates_property ON audit_templates (property_id);

-- Never updated once an audit uses them: a finished audit keeps its items.
CREATE TABLE audit_template_versions (
    template_id    TEXT NOT NULL REFERENCES audit_templates (id),
    version        BIGINT NOT NULL,
    property_id    TEXT NOT NULL REFERENCES properties (id),
    name           TEXT NOT NULL,
    area           TEXT NOT NULL,
    department_id  TEXT NOT NULL REFERENCES departments (id),
    pass_mark      DOUBLE PRECISION NOT NULL,
    -- JSON: the sections and their items, as the shared crate's TemplateSection.
    sections       TEXT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES staff (id),
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE audit_targets (
    property_id  TEXT NOT NULL REFERENCES properties (id),
    month        TEXT NOT NULL,
    target       BIGINT NOT NULL,
    PRIMARY KEY (property_id, month)
);

CREATE TABLE audits (
    id                TEXT PRIMARY KEY,
    property_id       TEXT NOT NULL REFERENCES properties (id),
    template_id       TEXT NOT NULL,
    template_version  BIGINT NOT NULL,
    -- Copied from the version, so lists and reports group without reading its JSON.
    area              TEXT NOT NULL,
    department_id     TEXT NOT NULL REFERENCES departments (id),
    auditor_id        TEXT NOT NULL REFERENCES staff (id),
    created_by        TEXT NOT NULL REFERENCES staff (id),
    subject_staff_id  TEXT REFERENCES staff (id),
    subject_area      TEXT,
    planned           BIGINT NOT NULL,
    -- The month it is planned for (YYYY-MM, hotel time), and the due day.
    plan_month        TEXT NOT NULL,
    due_on            TEXT,
    status            TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    submitted_at      BIGINT,
    -- The month of submission, hotel time: what reports count by.
    result_month      TEXT,
    published_at      BIGINT,
    score             DOUBLE PRECISION,
    passed            BIGINT,
    critical_failed   BIGINT,
    -- JSON: the full result as the audit detail shows it.
    result            TEXT,
    FOREIGN KEY (template_id, template_version) REFERENCES audit_template_versions (template_id, version)
);
CREATE INDEX audits_auditor ON audits (property_id, auditor_id, status);
CREATE INDEX audits_plan_month ON audits (property_id, plan_month);
CREATE INDEX audits_result_month ON audits (property_id, result_month);
CREATE INDEX audits_submitted ON audits (property_id, submitted_at);
CREATE INDEX audits_subject ON audits (property_id, subject_staff_id, status);
CREATE INDEX audits_department ON audits (property_id, department_id, status);

-- One row per item of a draft; `revision` rises with every save of that item.
CREATE TABLE audit_answers (
    audit_id     TEXT NOT NULL REFERENCES audits (id),
    item_key     TEXT NOT NULL,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    -- JSON of the shared crate's Answer, or NULL while only a note is kept.
    answer       TEXT,
    note         TEXT NOT NULL,
    revision     BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (audit_id, item_key)
);

CREATE TABLE audit_photos (
    audit_id      TEXT NOT NULL REFERENCES audits (id),
    item_key      TEXT NOT NULL,
    property_id   TEXT NOT NULL REFERENCES properties (id),
    content_type  TEXT NOT NULL,
    bytes         BYTEA NOT NULL,
    uploaded_at   BIGINT NOT NULL,
    PRIMARY KEY (audit_id, item_key)
);

-- Results broken down at submit, so reports aggregate in SQL.
CREATE TABLE audit_section_scores (
    audit_id      TEXT NOT NULL REFERENCES audits (id),
    position      BIGINT NOT NULL,
    property_id   TEXT NOT NULL REFERENCES properties (id),
    result_month  TEXT NOT NULL,
    template_id   TEXT NOT NULL,
    title         TEXT NOT NULL,
    score         DOUBLE PRECISION,
    PRIMARY KEY (audit_id, position)
);
CREATE INDEX audit_section_scores_month ON audit_section_scores (property_id, result_month);

CREATE TABLE audit_failed_items (
    audit_id      TEXT NOT NULL REFERENCES audits (id),
    item_key      TEXT NOT NULL,
    property_id   TEXT NOT NULL REFERENCES properties (id),
    result_month  TEXT NOT NULL,
    template_id   TEXT NOT NULL,
    text          TEXT NOT NULL,
    critical      BIGINT NOT NULL,
    PRIMARY KEY (audit_id, item_key)
);
CREATE INDEX audit_failed_items_month ON audit_failed_items (property_id, result_month);

-- A failed item raised as a task; one task per item of an audit.
CREATE TABLE audit_actions (
    audit_id     TEXT NOT NULL REFERENCES audits (id),
    item_key     TEXT NOT NULL,
    property_id  TEXT NOT NULL REFERENCES properties (id),
    task_id      TEXT NOT NULL UNIQUE REFERENCES tasks (id),
    PRIMARY KEY (audit_id, item_key)
);
