-- A chain: hotels can be retired, a chain admin works above them, people hold roles in
-- hotels other than their own, and employee numbers are unique within a hotel rather
-- than across the database. (The old database-wide UNIQUE on staff.employee_no is
-- dropped at start by `db::hotel_employee_numbers`: SQLite can only drop it by
-- rebuilding the table, which a migration shared with PostgreSQL cannot say.)

ALTER TABLE properties ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
ALTER TABLE staff ADD COLUMN chain_admin BIGINT NOT NULL DEFAULT 0;

DROP INDEX staff_property;
CREATE UNIQUE INDEX staff_hotel_employee_no ON staff (property_id, employee_no);
-- Sign-in looks a number up across the chain.
CREATE INDEX staff_employee_no ON staff (employee_no);

-- A person's role in a hotel other than their own (their own is staff.role).
CREATE TABLE staff_hotel_roles (
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    property_id  TEXT NOT NULL REFERENCES properties (id),
    role         TEXT NOT NULL,
    granted_at   BIGINT NOT NULL,
    granted_by   TEXT REFERENCES staff (id),
    PRIMARY KEY (staff_id, property_id)
);
CREATE INDEX staff_hotel_roles_property ON staff_hotel_roles (property_id);
