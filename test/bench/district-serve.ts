// One district service process for the benches, started without npm or tsx wrappers in between
// (the bench reads this very process's CPU time from /proc): startDistrictService on the
// database and key file given, then its URL on stdout. Usage:
//   node --import tsx test/bench/district-serve.ts --database URL --key-file F [--pool N] [--bureau]
import { parseArgs } from 'node:util';
import { loadKeyring } from '../../district/service/secrets';
import { startDistrictService } from '../../district/service/server';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    'key-file': { type: 'string' },
    pool: { type: 'string', default: '10' },
    // With the bureau's pages (the year bench); the ingest bench runs without them.
    bureau: { type: 'boolean', default: false },
  },
});
if (!values.database || !values['key-file'])
  throw new Error('--database and --key-file are needed');
const service = await startDistrictService({
  databaseUrl: values.database,
  keyring: loadKeyring(values['key-file']),
  port: 0,
  poolSize: Number(values.pool),
  // The bench signs in and times pages itself; no alerts sweep in the middle of a measurement.
  sweepSeconds: 0,
  bureau: values.bureau ? (await import('../../district/bureau/bureau')).createBureau : undefined,
});
console.log(`district service listening on ${service.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void service.close().finally(() => process.exit(0)));
}
