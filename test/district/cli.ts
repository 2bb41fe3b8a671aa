// `npm run district -- --port N --data-dir DIR --secret S [--host 127.0.0.1] [--base-path /gate]
// [--tls-cert FILE --tls-key FILE]`: the reference district receiver as a process, for demos and
// for tests that drive a kiosk in another process (faults over `POST /faults`), over HTTPS when
// given a certificate. Stops cleanly on SIGINT and SIGTERM.
// The secret is never printed: messages never repeat a value given on the command line.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isEntryPoint } from '../../district/service/cli-options';
import { startDistrictReceiver, type DistrictReceiver } from './receiver';

export const districtUsage = [
  'Usage: npm run district -- --port N --data-dir DIR --secret S [--host 127.0.0.1]',
  '                           [--base-path /gate] [--tls-cert FILE --tls-key FILE]',
  '',
  'Runs the reference district receiver of docs/district-protocol.md until SIGINT or SIGTERM.',
  '',
  '  --port N          the port to listen on (0: any free port)',
  '  --data-dir DIR    the folder holding district.db (made if missing)',
  '  --secret S        the gate secret it accepts for every school and gate',
  '  --host H          the address to listen on (default 127.0.0.1)',
  '  --base-path P     a path prefix before /v1/…, part of the signed path (default none)',
  '  --tls-cert FILE   serve HTTPS with this PEM certificate (chain) …',
  '  --tls-key FILE    … and its PEM private key; both or neither (default: plain HTTP)',
].join('\n');

export interface CliOutput {
  out(line: string): void;
  error(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

function usage(output: CliOutput, problem: string): null {
  output.error(`${problem}\n\n${districtUsage}`);
  return null;
}

interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  secret: string;
  basePath: string;
  /** PEM files for HTTPS; both or neither. */
  tlsCert: string | null;
  tlsKey: string | null;
}

/** The options, or null after saying on stderr what is wrong (without echoing any value). */
export function parseDistrictArgs(argv: readonly string[], output: CliOutput): CliOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        secret: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'base-path': { type: 'string', default: '' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    // parseArgs quotes a stray argument, which may be the secret typed in the wrong place.
    const code = (error as { code?: string }).code;
    const problem =
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'Unexpected argument: every value follows its option.'
        : (error as Error).message;
    return usage(output, problem);
  }
  const port = Number(values.port);
  if (values.port === undefined || !/^[0-9]+$/.test(values.port) || port > 65535) {
    return usage(output, 'Give --port, a whole number from 0 to 65535.');
  }
  if (!values['data-dir']) return usage(output, 'Give --data-dir, the folder for district.db.');
  if (!values.secret) return usage(output, 'Give --secret, the gate secret.');
  const basePath = values['base-path'];
  if (basePath !== '' && !/^\/[^?#\s]*[^/?#\s]$/.test(basePath)) {
    return usage(output, 'Give --base-path as /segment[/segment…], without a trailing slash.');
  }
  const tlsCert = values['tls-cert'] ?? null;
  const tlsKey = values['tls-key'] ?? null;
  if ((tlsCert === null) !== (tlsKey === null)) {
    return usage(output, 'Give --tls-cert and --tls-key together, or neither.');
  }
  return {
    port,
    host: values.host,
    dataDir: values['data-dir'],
    secret: values.secret,
    basePath,
    tlsCert,
    tlsKey,
  };
}

/** The certificate and key files' text, or the problem in words (without the file names). */
function readTls(options: CliOptions): { cert: Buffer; key: Buffer } | string | undefined {
  if (options.tlsCert === null || options.tlsKey === null) return undefined;
  const read = (file: string, flag: string): Buffer | string => {
    try {
      return readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return `Cannot read the file given as ${flag} (${code}).`;
    }
  };
  const cert = read(options.tlsCert, '--tls-cert');
  if (typeof cert === 'string') return cert;
  const key = read(options.tlsKey, '--tls-key');
  return typeof key === 'string' ? key : { cert, key };
}

/** Starts the receiver; resolves with the exit code once a signal has stopped it. */
export async function main(argv: readonly string[], output = consoleOutput): Promise<number> {
  const options = parseDistrictArgs(argv, output);
  if (!options) return 2;
  const tls = readTls(options);
  if (typeof tls === 'string') {
    output.error(tls);
    return 1;
  }
  const { port, host, dataDir, secret, basePath } = options;
  let receiver: DistrictReceiver;
  try {
    receiver = await startDistrictReceiver({ port, host, dataDir, secret, basePath, tls });
  } catch (error) {
    output.error(`Cannot start the district receiver: ${(error as Error).message}`);
    return 1;
  }
  output.out(`District receiver listening on ${receiver.url}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await receiver.close();
  output.out(`District receiver stopped (${signal}).`);
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
