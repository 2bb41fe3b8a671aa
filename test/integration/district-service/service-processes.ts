// Starts district services as real OS processes (service-process.ts) and ends them: each in its
// own process group, so a kill reaches the service itself and not only a wrapper.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServiceProcess {
  /** What a kiosk's district.url is set to. */
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL: a crash, whatever it was doing. */
  kill(): Promise<void>;
}

const entry = path.resolve('test/integration/district-service/service-process.ts');

export async function startServiceProcess(
  databaseUrl: string,
  keyFile: string,
  port = 0,
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', entry, databaseUrl, keyFile, String(port)],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (\S+)\n/.exec(out);
      if (found?.[1]) resolve(found[1]);
    });
    void exited.then(() => reject(new Error(`the service exited: ${errors}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGKILL');
      }
      await exited;
    },
  };
}
