// `npm run serve`: server mode from the bundle that `npm run build` makes. In this same process,
// so that a signal to it (Ctrl+C, SIGTERM from a service manager) reaches the kiosk itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist-server', 'server', 'server-cli.js');

if (!existsSync(bundle)) {
  console.error(`Server mode is not built yet (${bundle}). Run: npm run build`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
