// The `server` section of the config file: where server mode listens. Loopback unless the
// school says otherwise in so many words (`allowLan: true`); it must never open the kiosk to the
// network because of a typo in an address.
import { isIP } from 'node:net';
import { z } from 'zod';

export const defaultServerPort = 5174;

/** True for an address or name that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Why `host` may not be used, in plain words, or null when it may. */
export function bindRefusal(host: string, allowLan: boolean): string | null {
  if (isLoopbackHost(host) || allowLan) return null;
  return (
    `server mode would listen on ${host}, which other computers can reach; ` +
    'set "server": { "allowLan": true } in the config file (or pass --allow-lan) to serve the ' +
    'school network, or leave the host at 127.0.0.1'
  );
}

const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$/, 'a host name (letters, digits, dots, dashes)');

export const serverSettingsSchema = z
  .object({
    /** The address to listen on: 127.0.0.1 (default), an address of this PC, or 0.0.0.0. */
    host: z
      .string()
      .min(1)
      .max(253)
      .refine((value) => value === 'localhost' || isIP(value.replace(/^\[|\]$/g, '')) !== 0, {
        message: 'an IP address such as 127.0.0.1 or 192.168.1.20, or localhost',
      })
      .default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(defaultServerPort),
    /** Must be true for any host other computers can reach. */
    allowLan: z.boolean().default(false),
    /** Further names the office PCs use for this kiosk (e.g. gate-south.school.lan). */
    hostNames: z.array(hostName).max(16).default([]),
    /**
     * True when a reverse proxy on this PC passes on other computers' requests: a caller on this
     * machine is then not taken for the gate's own screen, and must sign in like any other; a
     * request from this machine is counted and logged as the right-most X-Forwarded-For address,
     * which the proxy must set or append (server.ts clientAddress).
     */
    behindProxy: z.boolean().default(false),
  })
  .strict()
  .superRefine((settings, context) => {
    const refusal = bindRefusal(settings.host, settings.allowLan);
    if (refusal !== null) context.addIssue({ code: 'custom', path: ['host'], message: refusal });
  });

export type ServerSettings = z.infer<typeof serverSettingsSchema>;

export const defaultServerSettings: ServerSettings = {
  host: '127.0.0.1',
  port: defaultServerPort,
  allowLan: false,
  hostNames: [],
  behindProxy: false,
};
