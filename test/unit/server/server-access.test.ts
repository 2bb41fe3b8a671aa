// Server mode's pure access rules: which bind addresses need allowLan, who counts as this
// machine, which Host headers name the kiosk, what another computer may call unsigned, and how
// the flags and the config's `server` section combine.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../backend/config/config';
import {
  bindRefusal,
  defaultServerSettings,
  isLoopbackHost,
  serverSettingsSchema,
} from '../../../backend/config/server-settings';
import { operations } from '../../../contract/api';
import { serverSettingsFrom } from '../../../server/server-cli';
import {
  addressKey,
  allowedHostHeaders,
  isAllowedHost,
  isLoopbackAddress,
  isWildcardHost,
  openToNetwork,
} from '../../../server/server-access';

describe('bind address', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback and needs no allowLan',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(bindRefusal(host, false)).toBeNull();
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'fe80::1', '128.0.0.1'])(
    '%s is refused without allowLan, in plain words, and allowed with it',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
      expect(bindRefusal(host, false)).toMatch(/other computers can reach.*"allowLan": true/);
      expect(bindRefusal(host, true)).toBeNull();
    },
  );

  it('defaults the config to 127.0.0.1:5174, LAN off', () => {
    expect(configSchema.parse({}).server).toEqual(defaultServerSettings);
    expect(defaultServerSettings).toMatchObject({ host: '127.0.0.1', allowLan: false });
  });

  it('refuses a LAN host in the config file unless allowLan is true', () => {
    const refused = configSchema.safeParse({ server: { host: '0.0.0.0' } });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('allowLan');
    expect(configSchema.parse({ server: { host: '0.0.0.0', allowLan: true } }).server).toEqual({
      host: '0.0.0.0',
      port: 5174,
      allowLan: true,
      hostNames: [],
      behindProxy: false,
    });
  });

  it.each([
    [{ host: 'gate.example' }],
    [{ host: '' }],
    [{ port: 70000 }],
    [{ port: 1.5 }],
    [{ allowLan: 'yes' }],
    [{ hostNames: ['evil.example:80'] }],
    [{ hostNames: ['a b'] }],
    [{ listen: 'everywhere' }],
  ])('refuses a broken server section %j', (server) => {
    expect(serverSettingsSchema.safeParse(server).success).toBe(false);
  });
});

describe('serverSettingsFrom (npm run serve flags over the config)', () => {
  it('takes the config when no flag is given', () => {
    expect(serverSettingsFrom(defaultServerSettings, {})).toEqual({
      ok: true,
      settings: defaultServerSettings,
    });
  });

  it('lets --port and --host win, and refuses a LAN host without --allow-lan', () => {
    expect(serverSettingsFrom(defaultServerSettings, { port: '0' })).toMatchObject({
      ok: true,
      settings: { port: 0 },
    });
    expect(serverSettingsFrom(defaultServerSettings, { host: '0.0.0.0' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('--allow-lan') as unknown,
    });
    expect(
      serverSettingsFrom(defaultServerSettings, { host: '0.0.0.0', 'allow-lan': true }),
    ).toMatchObject({ ok: true, settings: { host: '0.0.0.0', allowLan: true } });
  });

  it.each(['-1', '65536', 'abc', '1.5'])('refuses --port %s', (port) => {
    expect(serverSettingsFrom(defaultServerSettings, { port }).ok).toBe(false);
  });
});

describe('isLoopbackAddress (the TCP peer)', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'])('%s is this machine', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });

  it.each([undefined, '', 'localhost', '192.168.1.7', '::ffff:192.168.1.7', 'fe80::1', '0.0.0.0'])(
    '%s is another computer',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    },
  );
});

describe('allowedHostHeaders', () => {
  it('names this machine only, on a loopback server', () => {
    const allowed = allowedHostHeaders({ host: '127.0.0.1', port: 5174 });
    for (const header of ['127.0.0.1:5174', 'localhost:5174', 'LOCALHOST:5174', '[::1]:5174']) {
      expect(isAllowedHost(header, allowed), header).toBe(true);
    }
    for (const header of [undefined, '', 'evil.example:5174', '127.0.0.1:80', '127.0.0.1']) {
      expect(isAllowedHost(header, allowed), String(header)).toBe(false);
    }
  });

  it('accepts the configured LAN host and names', () => {
    const allowed = allowedHostHeaders({
      host: '192.168.1.20',
      port: 80,
      hostNames: ['gate-south.school.lan'],
    });
    expect(isAllowedHost('192.168.1.20:80', allowed)).toBe(true);
    expect(isAllowedHost('gate-south.school.lan:80', allowed)).toBe(true);
    expect(isAllowedHost('192.168.1.21:80', allowed)).toBe(false);
    expect(isAllowedHost('evil.example:80', allowed)).toBe(false);
  });

  it('accepts every address of this machine on 0.0.0.0, and brackets IPv6', () => {
    expect(isWildcardHost('0.0.0.0')).toBe(true);
    const allowed = allowedHostHeaders({
      host: '0.0.0.0',
      port: 5174,
      interfaceAddresses: ['10.1.2.3', 'fd00::7'],
    });
    expect(isAllowedHost('10.1.2.3:5174', allowed)).toBe(true);
    expect(isAllowedHost('[fd00::7]:5174', allowed)).toBe(true);
    expect(isAllowedHost('0.0.0.0:5174', allowed)).toBe(false);
  });
});

describe('openToNetwork', () => {
  it('holds only what signing in needs, and only operations that exist', () => {
    expect([...openToNetwork].sort()).toEqual(['setupStatus', 'signIn', 'signOut', 'whoAmI']);
    for (const name of openToNetwork) expect(Object.keys(operations)).toContain(name);
  });

  it.each([
    'status',
    'scan',
    'recentEntries',
    'manualReading',
    'simulateReading',
    'createFirstAdmin',
  ])('leaves the gate operation %s to the kiosk window', (name) => {
    expect(openToNetwork.has(name)).toBe(false);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.168.1.7', '192.168.1.7'],
    ['::ffff:192.168.1.7', '192.168.1.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    [undefined, 'unknown'],
  ])('counts %s as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
