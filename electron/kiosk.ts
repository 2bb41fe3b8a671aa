// Builds the whole backend from a data folder and a config file: store, devices, checks.
// Both the Electron main process and server mode call createKiosk(); nothing here knows
// which transport will carry the contract.
import type { EventName, EventPayload, Handlers } from './contract/api';

export interface KioskOptions {
  /** Folder holding kiosk.db; created if missing. */
  dataDir: string;
  /** JSON config file; defaults apply when absent. */
  configFile?: string;
  /** Injected clock, for tests. */
  now?: () => Date;
}

export interface KioskEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface Kiosk {
  handlers: Handlers;
  events: KioskEvents;
  close(): Promise<void>;
}

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  throw new Error(`not built yet: ${options.dataDir}`);
}
