// Starts the kiosk the way the README does (`npm run serve`), as its own process, on a free
// port with a temporary data folder, and stops it; tests talk to it over HTTP like a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface KioskProcess {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<number | null>;
  /** SIGKILL, as a power cut: the child is Node itself, so the real kiosk dies. */
  kill(): Promise<void>;
}

export interface KioskServerOptions {
  /**
   * Where the config is written: config.json in the data folder unless given (a test that lets
   * the kiosk make the data folder itself keeps the config outside it).
   */
  configFile?: string;
}

export async function startKioskServer(
  dataDir: string,
  config: object,
  options: KioskServerOptions = {},
): Promise<KioskProcess> {
  const configFile = options.configFile ?? path.join(dataDir, 'config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const child = spawn(
    // Node itself with tsx as a loader, not the tsx command: the command relays SIGTERM and
    // kills the child if it has not answered within ~30 ms, which a busy machine misses, and the
    // kiosk then "exits" with 143 instead of stopping cleanly.
    process.execPath,
    [
      '--import',
      'tsx',
      'server/server-cli.ts',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--config',
      configFile,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start:\n${output}`)), 30_000);
    const look = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => output,
    stop: () => stopProcess(child),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}
