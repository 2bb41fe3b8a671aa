// `npm run verify -- --data-dir DIR`: checks the database file and the hash chain over the entry
// log and names the first break. Opens the file read-only and never migrates or writes, so it
// runs beside a working kiosk (WAL). Exit codes: 0 intact, 1 broken, 2 bad arguments/unreadable.
import { plainTextCounts } from '../backend/privacy/seal-plaintext';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import {
  fileProblems,
  hasChain,
  uncoveredColumns,
  verifyChain,
} from '../backend/integrity/chain-verifier';
import { verifyMessages as say, verifyUsage } from '../backend/integrity/verify-report';
import { databaseFile } from '../backend/store/database';
import { errorDetail } from '../backend/store/store-error';
import type { CliOutput } from './cli-console';
import { consoleOutput, exitCode, runIfEntryPoint, usageOf } from './cli-console';

const usage = usageOf(verifyUsage);

export interface VerifyEnvironment {
  output?: CliOutput;
}

export async function main(
  argv: readonly string[],
  environment: VerifyEnvironment = {},
): Promise<number> {
  const output = environment.output ?? consoleOutput;
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    return usage(output, say.badArguments(errorDetail(error)));
  }
  if (values.help === true) {
    output.out(verifyUsage);
    return exitCode.ok;
  }
  const dataDir = values['data-dir'];
  if (dataDir === undefined || dataDir === '') return usage(output, say.missingDataDir);
  const file = databaseFile(dataDir);
  if (!existsSync(file)) {
    output.error(say.notFound(file));
    return exitCode.usage;
  }
  const started = performance.now();
  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    output.error(say.unreadable(file, errorDetail(error)));
    return exitCode.usage;
  }
  try {
    output.out(say.database(file));
    const code = verifyOpen(db, file, output);
    output.out(say.elapsed(performance.now() - started));
    return code;
  } finally {
    db.close();
  }
}

function verifyOpen(db: Database, file: string, output: CliOutput): number {
  let problems: string[];
  try {
    problems = fileProblems(db);
  } catch (error) {
    if (!isCorrupt(error)) {
      output.error(say.unreadable(file, errorDetail(error)));
      return exitCode.usage;
    }
    problems = [errorDetail(error)];
  }
  if (problems.length > 0) {
    output.error(say.fileDamaged(problems));
  } else {
    output.out(say.fileOk);
  }
  try {
    if (!hasChain(db)) {
      output.error(say.noChain);
      return exitCode.failed;
    }
    const uncovered = uncoveredColumns(db);
    if (uncovered.length > 0) output.error(say.uncovered(uncovered));
    const report = verifyChain(db);
    output.out(say.counts(report));
    output.out(say.head(report));
    if (report.purgedWithSalt > 0) output.error(say.saltsLeft(report.purgedWithSalt));
    const plain = plainTextCounts(db);
    if (Object.keys(plain).length > 0) output.out(say.plainText(plain));
    const [first] = report.breaks;
    if (first === undefined) {
      if (problems.length === 0) output.out(say.intact);
      return problems.length === 0 ? exitCode.ok : exitCode.failed;
    }
    output.error(say.firstBreak(first));
    output.error(say.allBreaks(report));
    for (const found of report.breaks) output.error(say.breakLine(found));
    return exitCode.failed;
  } catch (error) {
    output.error(say.walkFailed(errorDetail(error)));
    return exitCode.failed;
  }
}

function isCorrupt(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && error.code.startsWith('SQLITE_CORRUPT');
}

await runIfEntryPoint(import.meta.url, main);
