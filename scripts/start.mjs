// `npm start`: the Electron kiosk when the Electron binary is installed; otherwise the same
// application in server mode, printing the address to open. Builds what is missing first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appName = 'campus-gate-kiosk';

/** The folder Electron's app.getPath('userData') gives, so both modes share one database. */
function userDataDir() {
  if (process.env.KIOSK_DATA_DIR) return process.env.KIOSK_DATA_DIR;
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? homedir(), appName);
  if (process.platform === 'darwin') {
    return path.join(homedir(), 'Library', 'Application Support', appName);
  }
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), appName);
}

function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  try {
    const binary = spawnSync(process.execPath, ['-p', "require('electron')"], { cwd: root })
      .stdout.toString()
      .trim();
    return binary && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const npx = path.join(root, 'node_modules', '.bin');
if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  console.log('Building the screen (first start)…');
  run(path.join(npx, 'vite'), ['build', '--logLevel', 'warn']);
}

const dataDir = userDataDir();
const binary = electronBinary();
if (binary) {
  if (!existsSync(path.join(root, 'dist-electron', 'electron', 'main.js')))
    run('node', ['scripts/build-electron.mjs']);
  console.log(`Starting the Electron kiosk (data in ${dataDir})`);
  spawn(binary, [root], { cwd: root, stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
} else {
  console.log('Electron is not installed here: starting server mode instead.');
  const config = path.join(dataDir, 'config.json');
  if (!existsSync(path.join(root, 'dist-server', 'server', 'server-cli.js')))
    run('node', ['scripts/build-server.mjs']);
  const args = ['scripts/serve.mjs', '--data-dir', dataDir, '--port', process.env.PORT ?? '5174'];
  if (existsSync(config)) args.push('--config', config);
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
