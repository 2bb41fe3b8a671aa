// `npm run serve -- --data-dir DIR [--port N] [--config FILE]`: the kiosk in server mode, for
// a browser on this machine. Prints the address to open; stops cleanly on Ctrl+C / SIGTERM.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createKiosk } from './kiosk';
import { startServer } from './server';

const usage = 'usage: npm run serve -- --data-dir DIR [--port N] [--config FILE]';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '5174' },
        config: { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const port = Number(values.port);
  if (!values['data-dir'] || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(usage);
    return 2;
  }
  const staticDir = path.join(repoRoot, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`The screen is not built yet (${staticDir}). Run: npm run build`);
    return 1;
  }
  let kiosk;
  try {
    kiosk = await createKiosk({ dataDir: values['data-dir'], configFile: values.config });
  } catch (error) {
    console.error(`The kiosk cannot start: ${(error as Error).message}`);
    return 1;
  }
  const server = await startServer({ kiosk, staticDir, port }).catch(async (error: Error) => {
    await kiosk.close();
    console.error(`Cannot listen on port ${port}: ${error.message}`);
    return null;
  });
  if (server === null) return 1;
  console.log(`Campus gate kiosk (server mode) — open ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await kiosk.close();
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
