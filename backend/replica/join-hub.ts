// A gate joining its school hub at start (docs/school-hub.md): its copy of what the hub owns,
// the link that keeps the copy fresh and sends the gate's records up, and — for a gate that has
// never had the school's policy — the first copy, taken before the gate decides anything.
// The link reports the gate's health (devices, district backlog) once those exist (attach).
import type { Database } from 'better-sqlite3';
import type { EventPayload } from '../../contract/api';
import type { GateHealth, UploadStatus } from '../../contract/schemas';
import type { Config } from '../config/config';
import { createGateRecordReader } from '../hub/gate-records';
import type { FieldCipher } from '../privacy/field-cipher';
import { kioskVersion } from '../upload/district-transport';
import { createHubLink, type HubLink } from './hub-link';
import { createReplicaStore, type ReplicaStore } from './replica-store';

type DeviceStatus = { connected: boolean; problem: string | null } | null;

/** What the gate has built by the time its link starts: the link reports and follows them. */
export interface JoinedParts {
  policies: { reload(): void };
  upload: { status(): UploadStatus };
  devices: { thermometerStatus(): DeviceStatus; relayStatus(): DeviceStatus };
}

export interface JoinHubOptions {
  db: Database;
  cipher: FieldCipher;
  config: Config & { hub: NonNullable<Config['hub']> };
  now: () => Date;
  onStatus: (status: EventPayload<'hub'>) => void;
  waitSeconds?: number;
}

export interface JoinedHub {
  replica: ReplicaStore;
  link: HubLink;
  attach(parts: JoinedParts): void;
}

export async function joinHub(options: JoinHubOptions): Promise<JoinedHub> {
  const { db, cipher, config } = options;
  const replica = createReplicaStore(db, cipher, config.gate.id);
  let parts: JoinedParts | null = null;
  const link = createHubLink({
    config: config.hub,
    replica,
    records: createGateRecordReader(db, cipher),
    health: () => gateHealth(parts, config.gate.name),
    uploadsToDistrict: config.district !== undefined,
    now: options.now,
    waitSeconds: options.waitSeconds,
    // A policy version from the hub may be in effect at once: the gate's display follows.
    onApplied: (kinds) => {
      if (kinds.has('policy')) parts?.policies.reload();
    },
    onStatus: options.onStatus,
  });
  await firstCopy(db, link);
  return {
    replica,
    link,
    attach(built) {
      parts = built;
    },
  };
}

function gateHealth(
  parts: JoinedParts | null,
  name: string,
): Omit<GateHealth, 'feedCursor' | 'hubWaiting'> {
  const district = parts?.upload.status() ?? null;
  return {
    name,
    version: kioskVersion(),
    thermometer: parts === null ? 'starting' : deviceHealth(parts.devices.thermometerStatus()),
    relay: parts === null ? 'starting' : deviceHealth(parts.devices.relayStatus()),
    districtWaiting: district === null || district.state === 'off' ? null : district.pending,
    districtLastSuccessAt: district?.lastSuccessAt ?? null,
  };
}

/** A device as the hub's list of gates shows it: connected, its problem, or none configured. */
function deviceHealth(status: DeviceStatus): string {
  if (status === null) return 'none';
  return status.connected ? 'connected' : (status.problem ?? 'disconnected');
}

/**
 * A gate that has never had the school's policy copies it from the hub before it starts; one
 * that has keeps deciding with its copy while the hub is away.
 */
async function firstCopy(db: Database, link: HubLink): Promise<void> {
  if (db.prepare('SELECT 1 FROM policies LIMIT 1').get() !== undefined) return;
  try {
    await link.copyOnce();
  } catch (error) {
    db.close();
    throw new Error(
      `This gate has no copy of the school's policy yet and cannot reach its hub ` +
        `(${(error as Error).message}). Start it again once the hub is running.`,
    );
  }
}
