-- A role in a further hotel may be any role, a department's too: the department is one
-- of that hotel's (checked when the role is given). NULL for the roles without one.

ALTER TABLE staff_hotel_roles ADD COLUMN department_id TEXT REFERENCES departments (id);
