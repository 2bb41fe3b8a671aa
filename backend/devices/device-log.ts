// The devices' diary in SQLite: when the thermometer connected, went silent or away, when the
// turnstile failed to open, when someone changed the device settings. The guard's "the gate
// did not open at 7:42" can be checked against it.
import type { Database } from 'better-sqlite3';

export interface DeviceEvent {
  at: string;
  device: 'thermometer' | 'relay';
  event: string;
  detail: string | null;
}

export function createDeviceLog(db: Database) {
  const insert = db.prepare(
    'INSERT INTO device_events (at, device, event, detail) VALUES (?, ?, ?, ?)',
  );
  const selectRecent = db.prepare<[number], DeviceEvent>(
    'SELECT at, device, event, detail FROM device_events ORDER BY id DESC LIMIT ?',
  );
  return {
    record(at: Date, device: DeviceEvent['device'], event: string, detail: string | null): void {
      insert.run(at.toISOString(), device, event, detail);
    },
    recent(limit: number): DeviceEvent[] {
      return selectRecent.all(limit);
    },
  };
}

export type DeviceLog = ReturnType<typeof createDeviceLog>;
