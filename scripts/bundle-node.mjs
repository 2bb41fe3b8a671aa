// What the Electron build and the server build share: esbuild's options for Node, an ES module
// bundle of one entry with the backend inside, and the check that it still finds its files.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Native addons are loaded at run time from node_modules, never inlined; so is pdfkit, which
// reads its own font metrics and colour profile from files beside its code.
const nativeExternals = ['better-sqlite3', 'serialport', '@serialport/*', 'pdfkit'];

export const nodeOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

/**
 * Bundles `entry` (relative to the app root) into `outfile` as an ES module. The outfile must
 * sit two folders below the app root, e.g. dist-server/server/server-cli.js: backend modules
 * find migrations/ and resources/ with new URL('../../…', import.meta.url) from
 * backend/<module>/file.ts, and bundled, import.meta.url is the bundle's own URL.
 */
export async function bundleNodeEntry({ tool, entry, outfile, external = [] }) {
  const result = await build({
    ...nodeOptions,
    entryPoints: [entry],
    outfile,
    format: 'esm',
    external: [...nativeExternals, ...external],
    // CommonJS code bundled into an ES module still calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
  checkRelativeAssets(tool, outfile);
  return result;
}

/** Every new URL('…', import.meta.url) in the bundle must point at something that exists. */
function checkRelativeAssets(tool, file) {
  const source = readFileSync(file, 'utf8');
  const pattern = /new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;
  for (const [, relative] of source.matchAll(pattern)) {
    const target = fileURLToPath(new URL(relative, pathToFileURL(file)));
    if (!existsSync(target)) {
      fail(
        tool,
        `${path.relative(root, file)} looks for ${relative}, which resolves to missing ${target}`,
      );
    }
  }
}

/** One line per bundle: its path and size. */
export function reportSize(label, result, file) {
  const bytes = result.metafile.outputs[path.relative(root, file).split(path.sep).join('/')]?.bytes;
  console.log(`${label}: ${path.relative(root, file)} (${Math.round((bytes ?? 0) / 1024)} KiB)`);
}

export function fail(tool, message) {
  console.error(`${tool}: ${message}`);
  process.exit(1);
}
