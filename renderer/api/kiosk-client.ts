// Finds the kiosk client for this window: the Electron preload's bridge when present, else HTTP
// plus server-sent events. Also turns any thrown value into a contract error code for display.
// Must never reach for electron or node: itself; the bridge is only what the preload exposed.
import { eventSchemas, type EventName, type EventPayload } from '../../contract/api';
import { clientFromBridge, type KioskBridge } from '../../contract/bridge-client';
import { bridgeKey, type KioskClient } from '../../contract/client';
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

/**
 * The client over the preload's bridge, if this window has one. The preload exposes
 * `{ invoke, subscribe }` (a KioskBridge, wrapped here with the contract's clientFromBridge);
 * an object that already is a client (`{ call, subscribe }`, e.g. a test double) is used as is.
 * Either way each event payload is parsed again with the contract's schema on this side.
 */
export function findBridge(host: object = globalThis): KioskClient | null {
  const candidate: unknown = Reflect.get(host, bridgeKey);
  if (hasFunctions<KioskBridge>(candidate, 'invoke', 'subscribe')) {
    return parsingEvents(clientFromBridge(candidate));
  }
  if (hasFunctions<KioskClient>(candidate, 'call', 'subscribe')) return parsingEvents(candidate);
  return null;
}

function parsingEvents(client: KioskClient): KioskClient {
  return {
    call: (name, input) => client.call(name, input),
    setSession: (token) => client.setSession?.(token),
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return client.subscribe(event, (payload: unknown) => {
        const parsed = eventSchemas[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      });
    },
  };
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
