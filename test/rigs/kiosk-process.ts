// The kiosk in server mode as one process that a test may kill outright (SIGKILL) and start
// again on the same data folder, plus a reader for its event stream. Unlike kiosk-server.ts it
// runs node with tsx's loader directly: the tsx CLI runs the program in a child process of its
// own, which survives a SIGKILL of the CLI, and `npm run` does not pass signals on at all.
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface KioskChild {
  url: string;
  pid: number | undefined;
  output(): string;
  /** SIGKILL: no handler runs, nothing is flushed or closed. Resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERM: the kiosk closes its server and database; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function spawnKiosk(
  dataDir: string,
  configFile: string,
  extraArgs: readonly string[] = [],
): Promise<KioskChild> {
  const args = ['--import', 'tsx', 'server/server-cli.ts', '--data-dir', dataDir, ...extraArgs];
  // A port of the caller's choosing (a hub its gates must find again after a restart), else any.
  const port = extraArgs.includes('--port') ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [...args, ...port, '--config', configFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind a failed test: it would hold the data folder.
      child.kill('SIGKILL');
      reject(new Error(`kiosk did not start:\n${output}`));
    }, 20_000);
    const look = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid,
    output: () => output,
    kill: async () => {
      if (isRunning(child)) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (isRunning(child)) child.kill('SIGTERM');
      return exited;
    },
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export interface EventStream {
  /** Resolves when the connection has ended, every event that arrived having been handed on. */
  closed: Promise<void>;
  close(): void;
}

/**
 * Subscribes to `/api/events`; resolves once the kiosk has answered, when it is already
 * listening for every event, so none made after this resolves is missed.
 */
export function openEventStream(
  url: string,
  onEvent: (event: string, data: unknown) => void,
): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    let finish: () => void = () => undefined;
    const closed = new Promise<void>((done) => (finish = done));
    const request = get(`${url}/api/events`, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`the event stream answered ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        // Only whole events: one cut off by a kill was never complete on the kiosk's side.
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) onEvent(event, JSON.parse(data));
        }
      });
      // A killed kiosk resets or ends the connection; either way the stream is over.
      response.on('error', () => undefined);
      response.on('close', () => finish());
      resolve({ closed, close: () => request.destroy() });
    });
    // Before an answer there is no response to close: the stream is over all the same.
    request.on('error', (error) => {
      reject(error);
      finish();
    });
  });
}
