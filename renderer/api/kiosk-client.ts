// Finds the kiosk client for this window: the Electron preload's bridge when present, else HTTP
// plus server-sent events. Also turns any thrown value into a contract error code for display.
// Must never reach for electron or node: itself; the bridge is only what the preload exposed.
import { bridgeKey, type KioskBridge } from '../../contract/bridge';
import { clientFromBridge, type KioskClient } from '../../contract/client';
import { errorCodeSchema, type ErrorCode } from '../../contract/errors';
import { createHttpClient } from './http-client';
import { restoreSession } from './session';

let cached: KioskClient | null = null;

export function getClient(): KioskClient {
  if (cached === null) {
    cached = findBridge() ?? createHttpClient();
    restoreSession(cached);
  }
  return cached;
}

/** The client over the preload's bridge (`{ invoke, subscribe }`), if this window has one. */
export function findBridge(host: object = globalThis): KioskClient | null {
  const candidate: unknown = Reflect.get(host, bridgeKey);
  return hasFunctions<KioskBridge>(candidate, 'invoke', 'subscribe')
    ? clientFromBridge(candidate)
    : null;
}

function hasFunctions<T>(value: unknown, ...names: string[]): value is T {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((name) => typeof Reflect.get(value, name) === 'function')
  );
}

/** The contract code carried by a failure (an ApiError's `code`); anything else is internal. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (typeof error !== 'object' || error === null) return 'internal';
  const code = errorCodeSchema.safeParse(Reflect.get(error, 'code'));
  return code.success ? code.data : 'internal';
}
