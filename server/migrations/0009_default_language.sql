-- The language a hotel's new people start with, chosen at set-up.
ALTER TABLE properties ADD COLUMN default_language TEXT NOT NULL DEFAULT 'en';
