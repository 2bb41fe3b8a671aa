// The command line's options and errors, shared by its commands: every value follows its
// option, the database and the key file come from an option or the environment, and a mistake
// is a UsageError (exit code 2) while a refusal is a Failure (exit code 1).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadKeyring, type Keyring } from './secrets';

export interface CliOutput {
  out(line: string): void;
  error(line: string): void;
}

export const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/** A usage mistake: exit code 2 with the usage. */
export class UsageError extends Error {}

/** A refusal or failure the operator can act on: exit code 1 with the message alone. */
export class Failure extends Error {}

export type Env = Record<string, string | undefined>;

export type Values = Record<string, string | undefined>;

/** Every option here takes a value; --database and --key-file are accepted by every command. */
export function parse(args: string[], names: readonly string[]): Values {
  const options = Object.fromEntries(
    ['database', 'key-file', ...names].map((name) => [name, { type: 'string' as const }]),
  );
  try {
    return parseArgs({ args, options, strict: true }).values as Values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // parseArgs quotes a stray argument, which may be a password typed in the wrong place.
    throw new UsageError(
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'Unexpected argument: every value follows its option (--name "北京市第一中学").'
        : (error as Error).message,
    );
  }
}

export function need(value: unknown, option: string, what: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`Give ${option}, ${what}.`);
  return value;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(the database URL given)';
  }
}

export function databaseUrl(value: unknown, env: Env): string {
  const url = (typeof value === 'string' && value) || env.DISTRICT_DATABASE_URL;
  if (!url) {
    throw new UsageError(
      'Give --database URL (or set DISTRICT_DATABASE_URL), e.g. postgres://district@localhost/district.',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError('The database URL must start with postgres:// or postgresql://.');
  }
  return url;
}

export function keyFile(value: unknown, env: Env): string {
  const file = (typeof value === 'string' && value) || env.DISTRICT_KEY_FILE;
  if (!file) throw new UsageError('Give --key-file F (or set DISTRICT_KEY_FILE).');
  return file;
}

export function keyring(value: unknown, env: Env): Keyring {
  return loadKeyring(keyFile(value, env));
}

/** True when the module at this URL is the script node was started with (not imported). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  try {
    return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
