// `npm run serve -- --data-dir DIR [--port N] [--host ADDR] [--allow-lan] [--config FILE]`: the
// kiosk in server mode. Listens on 127.0.0.1 unless the config's `server` section (or the flags)
// allow the school network; prints the address to open; stops cleanly on Ctrl+C / SIGTERM.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../backend/config/config';
import { bindRefusal, type ServerSettings } from '../backend/config/server-settings';
import { createKiosk } from '../backend/kiosk';
import { defaultMigrationsDir } from '../backend/store/migrations';
import { startServer } from './server';
import { isWildcardHost } from './server-access';

const usage =
  'usage: npm run serve -- --data-dir DIR [--port N] [--host ADDR] [--allow-lan] [--config FILE]\n' +
  '                       [--data-key FILE] [--hub]';
// The app's root is the folder that holds migrations/, found as the backend finds it: right both
// from server/ in development and from the bundle dist-server/server/ (scripts/build-server.mjs).
const repoRoot = path.dirname(defaultMigrationsDir());

interface Flags {
  port?: string;
  host?: string;
  'allow-lan'?: boolean;
}

/** The config's `server` section with the flags on top; an error message when they clash. */
export function serverSettingsFrom(
  fromConfig: ServerSettings,
  flags: Flags,
): { ok: true; settings: ServerSettings } | { ok: false; message: string } {
  const port = flags.port === undefined ? fromConfig.port : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, message: `--port must be a number from 0 to 65535\n${usage}` };
  }
  const settings = {
    ...fromConfig,
    host: flags.host ?? fromConfig.host,
    port,
    allowLan: flags['allow-lan'] === true || fromConfig.allowLan,
  };
  const refusal = bindRefusal(settings.host, settings.allowLan);
  return refusal === null ? { ok: true, settings } : { ok: false, message: refusal };
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-lan': { type: 'boolean' },
        config: { type: 'string' },
        'data-key': { type: 'string' },
        hub: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!values['data-dir']) {
    console.error(usage);
    return 2;
  }
  let config;
  try {
    config = loadConfig(values.config);
  } catch (error) {
    console.error(`The kiosk cannot start: ${(error as Error).message}`);
    return 1;
  }
  const chosen = serverSettingsFrom(config.server, values);
  if (!chosen.ok) {
    console.error(`The kiosk cannot start: ${chosen.message}`);
    return 2;
  }
  const { host, port, allowLan, hostNames, behindProxy } = chosen.settings;
  const staticDir = path.join(repoRoot, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`The screen is not built yet (${staticDir}). Run: npm run build`);
    return 1;
  }
  let kiosk;
  try {
    // The data key may live outside the data folder (docs/admin.md, "Personal data"), so that a
    // copy of the folder does not carry the key to its own numbers.
    const keyFile = values['data-key'];
    kiosk = await createKiosk({
      dataDir: values['data-dir'],
      configFile: values.config,
      dataKey: keyFile === undefined ? undefined : { file: path.resolve(keyFile) },
      hub: values.hub === true,
      ...(process.env.KIOSK_HUB_WAIT_SECONDS === undefined
        ? {}
        : { hubWaitSeconds: Number(process.env.KIOSK_HUB_WAIT_SECONDS) }),
    });
  } catch (error) {
    console.error(`The kiosk cannot start: ${(error as Error).message}`);
    return 1;
  }
  const options = { kiosk, staticDir, host, port, allowLan, hostNames, behindProxy };
  const server = await startServer(options).catch(async (error: Error) => {
    await kiosk.close();
    console.error(`Cannot listen on ${host} port ${port}: ${error.message}`);
    return null;
  });
  if (server === null) return 1;
  console.log(
    values.hub === true
      ? `School hub (server mode) — open ${server.url}/#admin; gates join with npm run hub:enroll`
      : `Campus gate kiosk (server mode) — open ${server.url}`,
  );
  if (allowLan && isWildcardHost(host)) {
    const port = new URL(server.url).port;
    for (const address of externalAddresses()) {
      console.log(`  on the school network (sign-in required): http://${address}:${port}/#admin`);
    }
  }
  // `on`, not `once`: a second signal while closing (from a parent that passes on the one its
  // process group already got, as scripts/start.mjs does) must not kill the kiosk half-way
  // through closing its database.
  await new Promise<void>((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
  await server.close();
  await kiosk.close();
  return 0;
}

function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && entry.family === 'IPv4')
    .map((entry) => entry.address);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
