// `npm run district-service -- account …`: the first admin account, and accounts when no admin
// can sign in. A password is never taken from the command line (it would stay in the shell's
// history and in the process list): from --password-file F, or the DISTRICT_PASSWORD variable.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { AccountError, addAccount, disableAccount, setPassword } from './accounts';

/** A command line this module cannot run, in words: the CLI prints it and exits 1. */
const refuse = (message: string) => new AccountError('usage', message);

export const accountUsage = `account commands:
  account add <username> --role officer|admin [--name <display name>] [--password-file F]
  account disable <username>
  account password <username> [--password-file F]
The password comes from --password-file F (its first line) or the DISTRICT_PASSWORD variable.`;

const actor = 'command-line';

function options(args: string[]): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--password') {
      throw refuse(
        'a password is not taken on the command line: use --password-file F or DISTRICT_PASSWORD',
      );
    }
    if (arg.startsWith('--')) {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw refuse(`${arg} needs a value`);
      named.set(arg.slice(2), value);
      index += 1;
    } else positional.push(arg);
  }
  return { positional, named };
}

function password(named: Map<string, string>): string {
  const file = named.get('password-file');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw refuse(`cannot read the password file ${file}: ${(error as Error).message}`);
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const fromEnv = process.env.DISTRICT_PASSWORD;
  if (fromEnv === undefined || fromEnv === '') {
    throw refuse('no password: give --password-file F or set DISTRICT_PASSWORD');
  }
  return fromEnv;
}

/** Runs one account command; the line to print, or an AccountError in words. */
export async function accountCommand(pool: pg.Pool, args: string[]): Promise<string> {
  const [command, ...rest] = args;
  const { positional, named } = options(rest);
  const username = positional[0];
  if (!command || !username || positional.length > 1) throw refuse(accountUsage);
  const known = new Set(command === 'add' ? ['role', 'name', 'password-file'] : ['password-file']);
  for (const name of named.keys()) {
    if (!known.has(name)) throw refuse(`unknown option --${name}\n${accountUsage}`);
  }
  const now = Date.now();
  if (command === 'add') {
    const role = named.get('role');
    if (role === undefined) throw refuse('account add needs --role officer or --role admin');
    await addAccount(
      pool,
      { username, role, displayName: named.get('name') ?? username, password: password(named) },
      actor,
      now,
    );
    return `account ${username} (${role}) added: sign in at /bureau/`;
  }
  if (command === 'disable') {
    await disableAccount(pool, username, actor, now);
    return `account ${username} disabled; its sessions ended`;
  }
  if (command === 'password') {
    await setPassword(pool, username, password(named), actor, now);
    return `new password set for ${username}; its sessions ended`;
  }
  throw refuse(`unknown account command "${command}"\n${accountUsage}`);
}
