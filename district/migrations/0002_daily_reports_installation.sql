-- The other days' reports of one installation, by installation: the missing-records query
-- leaves out a sequence inside another day's range of the same installation (within 62 days),
-- and without this index it read every report of those 125 days (57,000 for 300 schools, 12–20
-- ms a page) to find the few of the installations it asks about.
CREATE INDEX daily_reports_installation ON daily_reports (installation_id, date);
