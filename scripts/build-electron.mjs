// Bundles the Electron shell with esbuild: the main process (ESM, with the backend inside) and
// the sandboxed preload (CommonJS: sandboxed preloads cannot be ES modules). Needs no Electron
// binary. Native modules stay outside the bundle and load from node_modules at run time.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleNodeEntry, fail, nodeOptions, reportSize, root } from './bundle-node.mjs';

const tool = 'build-electron';
const outDir = path.join(root, 'dist-electron');
// Two folders deep on purpose (see bundle-node.mjs), at the same depth below the app root in
// development and in app.asar.
const mainOut = path.join(outDir, 'electron', 'main.js');
const preloadOut = path.join(outDir, 'electron', 'preload.cjs');

rmSync(outDir, { recursive: true, force: true });

// Electron itself is loaded at run time, never inlined, like the native modules.
const mainResult = await bundleNodeEntry({
  tool,
  entry: 'electron/main.ts',
  outfile: mainOut,
  external: ['electron'],
});

const preloadResult = await build({
  ...nodeOptions,
  entryPoints: ['electron/preload.ts'],
  outfile: preloadOut,
  format: 'cjs',
  external: ['electron'],
});

checkPreload(preloadOut);

reportSize('main', mainResult, mainOut);
reportSize('preload', preloadResult, preloadOut);

/** A sandboxed preload may require only a few modules; anything else fails at run time. */
function checkPreload(file) {
  const allowed = new Set(['electron', 'events', 'timers', 'url']);
  const required = [...readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)];
  const refused = required.map((match) => match[1]).filter((name) => !allowed.has(name));
  if (refused.length > 0) {
    fail(tool, `the preload requires ${refused.join(', ')}; a sandboxed preload cannot load them`);
  }
}
