-- The rest of a property's Service Star settings: the last voting day, the blend's
-- weights and whether each department names a star too.
ALTER TABLE properties ADD COLUMN star_close_day BIGINT NOT NULL DEFAULT 31;
ALTER TABLE properties ADD COLUMN star_weight_peer BIGINT NOT NULL DEFAULT 40;
ALTER TABLE properties ADD COLUMN star_weight_guest BIGINT NOT NULL DEFAULT 40;
ALTER TABLE properties ADD COLUMN star_weight_skills BIGINT NOT NULL DEFAULT 20;
ALTER TABLE properties ADD COLUMN star_department_stars BIGINT NOT NULL DEFAULT 0;

-- Frozen at the close, so later changes to the settings do not rewrite past results.
ALTER TABLE star_cycles ADD COLUMN department_stars BIGINT NOT NULL DEFAULT 0;
ALTER TABLE star_results ADD COLUMN department_id TEXT REFERENCES departments (id);
