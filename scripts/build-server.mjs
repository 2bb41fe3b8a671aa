// Bundles server mode with esbuild into dist-server/server/server-cli.js, so that
// `npm run serve` runs plain JavaScript with node: no TypeScript compiled at each start.
// Native modules stay outside the bundle and load from node_modules at run time.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { bundleNodeEntry, reportSize, root } from './bundle-node.mjs';

const outDir = path.join(root, 'dist-server');
// Two folders deep on purpose (see bundle-node.mjs); server-cli.ts finds dist/renderer the
// same way, from the folder that holds migrations/.
const serverOut = path.join(outDir, 'server', 'server-cli.js');

rmSync(outDir, { recursive: true, force: true });
const result = await bundleNodeEntry({
  tool: 'build-server',
  entry: 'server/server-cli.ts',
  outfile: serverOut,
});
reportSize('server', result, serverOut);
