// Who server mode is talking to: this machine (loopback) or another computer, which Host
// headers name this kiosk, and what another computer may do without signing in. Pure functions
// over strings; this module must never trust a header to say where a request came from.
import { isIP } from 'node:net';
import { isLoopbackHost } from '../backend/config/server-settings';

/**
 * Operations another computer may call without a session: only what signing in needs. The gate
 * screen's own operations (status, scan, recent entries with names, readings …) are for the
 * kiosk's window on this machine. createFirstAdmin is not here: on a fresh kiosk, whoever on
 * the network came first would own it; the first admin is made at the kiosk itself.
 */
export const openToNetwork: ReadonlySet<string> = new Set([
  'setupStatus',
  'signIn',
  'signOut',
  'whoAmI',
]);

/**
 * True when the TCP peer is this machine. The socket's address, never a header: anything in
 * X-Forwarded-For is the caller's to choose. (A reverse proxy on this machine makes every caller
 * look local: with one, set `server.behindProxy`, and the caller is the address the proxy
 * appended — server.ts clientAddress.)
 */
export function isLoopbackAddress(remoteAddress: string | undefined): boolean {
  if (remoteAddress === undefined || isIP(remoteAddress) === 0) return false;
  return isLoopbackHost(remoteAddress);
}

/** The wildcard addresses: listen on every interface of this machine. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

export interface HostCheckSettings {
  /** The address the server listens on. */
  host: string;
  port: number;
  /** Extra names from the config (`server.hostNames`). */
  hostNames?: readonly string[];
  /** This machine's addresses, for a server listening on 0.0.0.0 / ::. */
  interfaceAddresses?: readonly string[];
}

/**
 * The Host header values that name this server. Anything else is refused (DNS rebinding: a
 * page on another name must not reach the kiosk through a browser on this network). Address
 * literals are safe to accept: a browser only sends one when it was pointed at the address.
 */
export function allowedHostHeaders(settings: HostCheckSettings): Set<string> {
  const { port } = settings;
  const names = ['localhost', '127.0.0.1', '[::1]', ...(settings.hostNames ?? [])];
  if (isWildcardHost(settings.host)) {
    names.push(...(settings.interfaceAddresses ?? []));
  } else {
    names.push(settings.host);
  }
  const allowed = new Set<string>();
  for (const name of names) {
    const bare = name.replace(/^\[|\]$/g, '').toLowerCase();
    allowed.add(`${isIP(bare) === 6 ? `[${bare}]` : bare}:${port}`);
  }
  return allowed;
}

export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}

/**
 * The key a caller's address is counted under: IPv4 as it is, IPv6 by its /64 (one machine
 * usually holds a whole /64 and could otherwise change address at every try).
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (isIP(remoteAddress) !== 6) return remoteAddress;
  const [head = '', tail = ''] = remoteAddress.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = remoteAddress.includes('::')
    ? [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
