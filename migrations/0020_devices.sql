-- Devices: how each temperature was taken (the device's raw reading and calibration offset,
-- ambient, or the guard who typed it in), and a log of what the devices did (connected,
-- disconnected, a turnstile that would not open), which the guard and admin can look back on.

ALTER TABLE entries ADD COLUMN temperature_raw_c REAL;
ALTER TABLE entries ADD COLUMN temperature_offset_c REAL;
ALTER TABLE entries ADD COLUMN ambient_c REAL;
ALTER TABLE entries ADD COLUMN temperature_method TEXT
  CHECK (temperature_method IS NULL OR temperature_method IN ('device', 'manual'));
-- For a manual reading: the guard's name and the instrument ('handheld', 'clinical').
ALTER TABLE entries ADD COLUMN measured_by TEXT;
ALTER TABLE entries ADD COLUMN instrument TEXT;

CREATE TABLE device_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  device TEXT NOT NULL CHECK (device IN ('thermometer', 'relay')),
  event TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX device_events_at ON device_events (at);
