-- Built-in checklist lines are known by a code, so each language shows its own words
-- for them; a hotel's own lines have none and show as written.
ALTER TABLE task_checklist_items ADD COLUMN code TEXT;

UPDATE task_checklist_items SET code = 'make_beds' WHERE label = 'Strip and make the beds';
UPDATE task_checklist_items SET code = 'bathroom' WHERE label = 'Clean and dry the bathroom';
UPDATE task_checklist_items SET code = 'restock' WHERE label = 'Restock amenities and towels';
UPDATE task_checklist_items SET code = 'vacuum' WHERE label = 'Vacuum and dust';
UPDATE task_checklist_items SET code = 'final_look' WHERE label = 'Final look from the door';
UPDATE task_checklist_items SET code = 'minibar' WHERE label = 'Minibar checked and charged';
UPDATE task_checklist_items SET code = 'damage' WHERE label = 'Damage and lost property checked';
UPDATE task_checklist_items SET code = 'released' WHERE label = 'Room released for cleaning';

-- The built-in types' templates, stored as JSON, name the same codes.
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Strip and make the beds"', '{"code":"make_beds","label":"Strip and make the beds"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Clean and dry the bathroom"', '{"code":"bathroom","label":"Clean and dry the bathroom"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Restock amenities and towels"', '{"code":"restock","label":"Restock amenities and towels"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Vacuum and dust"', '{"code":"vacuum","label":"Vacuum and dust"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Final look from the door"', '{"code":"final_look","label":"Final look from the door"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Minibar checked and charged"', '{"code":"minibar","label":"Minibar checked and charged"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Damage and lost property checked"', '{"code":"damage","label":"Damage and lost property checked"') WHERE builtin = 1;
UPDATE task_types SET checklist = REPLACE(checklist, '{"label":"Room released for cleaning"', '{"code":"released","label":"Room released for cleaning"') WHERE builtin = 1;
