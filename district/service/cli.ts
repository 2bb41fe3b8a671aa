// `npm run district-service -- <command>`: the district service's command line. `serve` runs
// the service; the other commands manage the database, the key file, and the register of
// schools and gates, for an operator at a terminal (the bureau's admins also have the pages).
// Exit codes: 0 done, 1 refused or failed (the reason on stderr), 2 a usage mistake.
// A secret is printed only by `gate secret`, once; no message repeats a password or the key.
import { userInfo } from 'node:os';
import type pg from 'pg';
import {
  consoleOutput,
  isEntryPoint,
  databaseUrl,
  Failure,
  keyFile,
  keyring,
  need,
  parse,
  redact,
  UsageError,
  type CliOutput,
  type Env,
} from './cli-options';
import { migrate, openDb, schoolDay } from './db';
import {
  addGate,
  addSchool,
  closeSchool,
  issueSecret,
  listSchools,
  RegistryError,
  revokeGate,
} from './registry';
import { createKeyFile, SecretsError } from './secrets';
import { serve } from './serve-command';

export const serviceUsage = `Usage: npm run district-service -- <command> [options]

  serve      --database URL [--port N] [--host H] [--key-file F] [--base-path P]
             [--public-url U] [--cert F --key F]
                                    run the service until SIGINT or SIGTERM
  migrate    --database URL         create or update the database's tables
  key create --key-file F           make the key file that seals the gates' secrets

  school add   --id ID --name NAME [--area AREA]
  school close --id ID              its gates may no longer send; its history stays
  school list
  gate add     --school ID --gate ID [--name NAME]
  gate secret  --school ID --gate ID [--url U]
                                    issue a new secret (printed once) for the kiosk's config
  gate revoke  --school ID --gate ID
  detach --before YYYY-MM-DD [--force yes]
                                    detach the records of days before this one (32 days
                                    back at the latest, unless forced)
  account add|disable|password …    the bureau's sign-in accounts

  The database:  --database URL or the environment variable DISTRICT_DATABASE_URL
                 (postgres://user:password@host:port/database)
  The key file:  --key-file F or the environment variable DISTRICT_KEY_FILE
                 (keep a copy: without it no gate's secret can be read)
  serve defaults: --port 8080 --host 127.0.0.1; --base-path /gate puts the kiosks' endpoints at
                  /gate/v1/…; --public-url: the address kiosks reach it at behind a proxy
                  (shown with each secret the bureau's pages issue); --cert/--key: PEM files
                  for HTTPS (both or neither).`;

/**
 * Runs fn with a pool on an up-to-date schema (as the service does at start: a new database
 * needs no separate step), saying in words when the database cannot be reached.
 */
async function withDatabase<T>(
  url: string,
  fn: (pool: pg.Pool) => Promise<T>,
  upToDate = true,
): Promise<T> {
  const pool = openDb(url, { max: 2 });
  try {
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      throw new Failure(`Cannot reach the database at ${redact(url)}: ${(error as Error).message}`);
    }
    if (upToDate) await migrate(pool);
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/** Who the audit trail names for a change made here: the operator's login on this machine. */
function actor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (a container): the audit row still says it came from the command line.
  }
  return `cli:${name}`;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The kiosk goes back at most 31 days for reports and records it missed; one more for safety. */
const catchUpDays = 32;

const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** An instant as the bureau reads it: 'YYYY-MM-DD HH:MM +08:00', Beijing time. */
function beijingTime(iso: string): string {
  return `${beijing.format(new Date(iso))} +08:00`;
}

async function schoolCommand(args: string[], env: Env, output: CliOutput): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'add') {
    const v = parse(rest, ['id', 'name', 'area']);
    const schoolId = need(v.id, '--id', "the school's id (as its kiosks will send it)");
    const name = need(v.name, '--name', "the school's name");
    await withDatabase(databaseUrl(v.database, env), (pool) =>
      addSchool(pool, { schoolId, name, area: v.area ?? '' }, actor()),
    );
    output.out(`School ${schoolId} added: ${name}.`);
    return 0;
  }
  if (verb === 'close') {
    const v = parse(rest, ['id']);
    const schoolId = need(v.id, '--id', "the school's id");
    await withDatabase(databaseUrl(v.database, env), (pool) =>
      closeSchool(pool, schoolId, actor()),
    );
    output.out(`School ${schoolId} is closed: its gates' uploads are refused from now on.`);
    return 0;
  }
  if (verb === 'list') {
    const v = parse(rest, []);
    const schools = await withDatabase(databaseUrl(v.database, env), (pool) => listSchools(pool));
    if (schools.length === 0)
      output.out('No schools yet: add one with school add --id ID --name NAME.');
    for (const school of schools) {
      const area = school.area ? ` (${school.area})` : '';
      const closed = school.closedAt ? `, closed ${beijingTime(school.closedAt)}` : '';
      output.out(`${school.schoolId}  ${school.name}${area}${closed}`);
      for (const gate of school.gates) {
        const state = gate.revokedAt
          ? `revoked ${beijingTime(gate.revokedAt)}`
          : gate.secretIssuedAt
            ? `secret issued ${beijingTime(gate.secretIssuedAt)}`
            : 'no secret yet';
        output.out(`  ${gate.gateId}${gate.name ? `  ${gate.name}` : ''}  ${state}`);
      }
    }
    return 0;
  }
  throw new UsageError('school takes add, close or list.');
}

async function gateCommand(args: string[], env: Env, output: CliOutput): Promise<number> {
  const [verb, ...rest] = args;
  const v = parse(rest, ['school', 'gate', 'name', 'url']);
  if (verb !== 'add' && verb !== 'secret' && verb !== 'revoke') {
    throw new UsageError('gate takes add, secret or revoke.');
  }
  const schoolId = need(v.school, '--school', "the school's id");
  const gateId = need(v.gate, '--gate', "the gate's id within the school");
  const url = databaseUrl(v.database, env);
  if (verb === 'add') {
    await withDatabase(url, (pool) =>
      addGate(pool, { schoolId, gateId, name: v.name ?? '' }, actor()),
    );
    output.out(`Gate ${gateId} added to school ${schoolId}. Issue its secret with gate secret.`);
    return 0;
  }
  if (verb === 'revoke') {
    await withDatabase(url, (pool) => revokeGate(pool, schoolId, gateId, actor()));
    output.out(
      `Gate ${gateId} of school ${schoolId} is revoked: its uploads are refused until a new ` +
        'secret is issued with gate secret.',
    );
    return 0;
  }
  const keys = keyring(v['key-file'], env);
  const secret = await withDatabase(url, (pool) =>
    issueSecret(pool, keys, schoolId, gateId, actor()),
  );
  const serviceUrl = v.url ?? "https://<the district service's address and base path>";
  output.out(
    [
      `New secret for gate ${gateId} of school ${schoolId} (shown only now; any earlier secret of`,
      "this gate no longer works). Put this in the kiosk's config.json and restart the kiosk:",
      '',
      `"district": ${JSON.stringify({ url: serviceUrl, schoolId, gateId, secret }, null, 2)}`,
    ].join('\n'),
  );
  return 0;
}

async function dispatch(argv: string[], env: Env, output: CliOutput): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      return serve(args, env, output);
    case 'migrate': {
      const v = parse(args, []);
      const applied = await withDatabase(
        databaseUrl(v.database, env),
        (pool) => migrate(pool),
        false,
      );
      output.out(
        applied.length ? `Applied: ${applied.join(', ')}.` : 'The database is up to date.',
      );
      return 0;
    }
    case 'key': {
      const [verb, ...rest] = args;
      if (verb !== 'create') throw new UsageError('key takes create.');
      const v = parse(rest, []);
      const file = keyFile(v['key-file'], env);
      createKeyFile(file);
      output.out(
        `Key file ${file} created (key ${keyring(file, env).keyId}), readable only by you. ` +
          'Keep a copy somewhere safe, apart from the database backups: without it no gate secret ' +
          'can be read and every gate would need a new one.',
      );
      return 0;
    }
    case 'school':
      return schoolCommand(args, env, output);
    case 'gate':
      return gateCommand(args, env, output);
    case 'detach': {
      const v = parse(args, ['before', 'force']);
      const before = need(v.before, '--before', 'the first day to keep, YYYY-MM-DD');
      if (!dayPattern.test(before) || Number.isNaN(Date.parse(`${before}T00:00:00Z`))) {
        throw new UsageError('Give --before as a date, YYYY-MM-DD.');
      }
      // A kiosk catches up on up to 31 days it missed: a day younger than that may still be
      // receiving records, and a detached day's late records would start a new table that the
      // pages read as the whole day (and a resend of records already stored would count again).
      const youngest = schoolDay(Date.now() - catchUpDays * 86_400_000);
      if (before > youngest && v.force !== 'yes') {
        throw new Failure(
          `Days on or after ${youngest} may still receive records (kiosks catch up on ${catchUpDays - 1} ` +
            'days they missed): give --before ' +
            `${youngest} or earlier, or add --force yes to detach them anyway.`,
        );
      }
      const { detachBefore } = await import('./partitions');
      const detached = await withDatabase(databaseUrl(v.database, env), (pool) =>
        detachBefore(pool, before),
      );
      output.out(
        detached.length
          ? `Detached (the tables keep their rows until dropped or archived): ${detached.join(', ')}.`
          : `No day before ${before} is attached.`,
      );
      return 0;
    }
    case 'account': {
      // The bureau's module checks its own arguments; --database is this command line's.
      const databaseAt = args.findIndex(
        (arg) => arg === '--database' || arg.startsWith('--database='),
      );
      let given: string | undefined;
      const rest = [...args];
      if (databaseAt >= 0) {
        const [option] = rest.splice(databaseAt, 1);
        given = option?.includes('=')
          ? option.slice(option.indexOf('=') + 1)
          : rest.splice(databaseAt, 1)[0];
      }
      const { accountCommand } = await import('../bureau/account-commands');
      const { AccountError } = await import('../bureau/accounts');
      const message = await withDatabase(databaseUrl(given, env), (pool) =>
        accountCommand(pool, rest).catch((error: unknown) => {
          throw error instanceof AccountError ? new Failure(error.message) : error;
        }),
      );
      output.out(message);
      return 0;
    }
    case undefined:
      throw new UsageError('Give a command.');
    case 'help':
    case '--help':
    case '-h':
      output.out(serviceUsage);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Runs one command; resolves with the exit code. */
export async function main(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  env: Env = process.env,
): Promise<number> {
  try {
    return await dispatch([...argv], env, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(`${error.message}\n\n${serviceUsage}`);
      return 2;
    }
    if (
      error instanceof Failure ||
      error instanceof RegistryError ||
      error instanceof SecretsError
    ) {
      output.error(error.message);
      return 1;
    }
    output.error(`Failed: ${(error as Error).message}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
