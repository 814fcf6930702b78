-- "My tasks" and the board read only a hotel's active work, which stays small however
-- long its history grows. These indexes hold the active tasks alone, so a list reads a
-- few thousand index entries at a million tasks, and their statistics tell the planner
-- how few rows they hold (the older indexes' statistics average over the whole history
-- and once analysed led it to walk every task of the hotel).
CREATE INDEX tasks_active_department ON tasks (property_id, department_id) WHERE is_active = 1;
CREATE INDEX tasks_active_assignee ON tasks (property_id, assignee_id) WHERE is_active = 1;
CREATE INDEX tasks_active_requester ON tasks (property_id, created_by) WHERE is_active = 1;
