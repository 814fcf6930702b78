-- A template's page says how many audits use it, and each audit keeps its version.
CREATE INDEX audits_template ON audits (template_id, template_version);
