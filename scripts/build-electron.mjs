// Bundles the Electron shell with esbuild: the main process (ESM, with the backend inside) and
// the sandboxed preload (CommonJS: sandboxed preloads cannot be ES modules). Needs no Electron
// binary. Native modules stay outside the bundle and load from node_modules at run time.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist-electron');
// Two folders deep on purpose: backend modules find migrations/ and resources/ with
// new URL('../../…', import.meta.url) from electron/<module>/file.ts. Bundled, import.meta.url
// is this file's URL, so it must sit at the same depth below the app root (dev and app.asar).
const mainOut = path.join(outDir, 'electron', 'main.js');
const preloadOut = path.join(outDir, 'electron', 'preload.cjs');

// Native addons and Electron itself are loaded at run time, never inlined; so is pdfkit, which
// reads its own font metrics and colour profile from files beside its code.
const nativeExternals = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'pdfkit'];
const target = 'node22';

rmSync(outDir, { recursive: true, force: true });

const shared = {
  bundle: true,
  platform: 'node',
  target,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

const mainResult = await build({
  ...shared,
  entryPoints: ['electron/main.ts'],
  outfile: mainOut,
  format: 'esm',
  external: nativeExternals,
  // CommonJS code bundled into an ES module still calls require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
});

const preloadResult = await build({
  ...shared,
  entryPoints: ['electron/preload.ts'],
  outfile: preloadOut,
  format: 'cjs',
  external: ['electron'],
});

checkPreload(preloadOut);
checkRelativeAssets(mainOut);

for (const [label, result, file] of [
  ['main', mainResult, mainOut],
  ['preload', preloadResult, preloadOut],
]) {
  const bytes = result.metafile.outputs[path.relative(root, file).split(path.sep).join('/')]?.bytes;
  console.log(`${label}: ${path.relative(root, file)} (${Math.round((bytes ?? 0) / 1024)} KiB)`);
}

/** A sandboxed preload may require only a few modules; anything else fails at run time. */
function checkPreload(file) {
  const allowed = new Set(['electron', 'events', 'timers', 'url']);
  const required = [...readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)];
  const refused = required.map((match) => match[1]).filter((name) => !allowed.has(name));
  if (refused.length > 0) {
    fail(`the preload requires ${refused.join(', ')}; a sandboxed preload cannot load them`);
  }
}

/** Every new URL('…', import.meta.url) in the bundle must point at something that exists. */
function checkRelativeAssets(file) {
  const source = readFileSync(file, 'utf8');
  const pattern = /new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;
  for (const [, relative] of source.matchAll(pattern)) {
    const target = fileURLToPath(new URL(relative, pathToFileURL(file)));
    if (!existsSync(target)) {
      fail(
        `${path.relative(root, file)} looks for ${relative}, which resolves to missing ${target}`,
      );
    }
  }
}

function fail(message) {
  console.error(`build-electron: ${message}`);
  process.exit(1);
}
