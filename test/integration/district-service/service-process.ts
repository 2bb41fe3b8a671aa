// One district service in a process of its own, for the tests that kill one mid-request or run
// two against one database: `node --import tsx service-process.ts DATABASE_URL KEY_FILE PORT`
// prints "listening on URL" once it answers, and closes on SIGTERM. Without the bureau's pages
// or its sweep: these tests are about the kiosks' uploads.
import { loadKeyring } from '../../../district/service/secrets';
import { startDistrictService } from '../../../district/service/server';

const [databaseUrl, keyFile, port] = process.argv.slice(2);
if (!databaseUrl || !keyFile)
  throw new Error('usage: service-process.ts DATABASE_URL KEY_FILE [PORT]');
const service = await startDistrictService({
  databaseUrl,
  keyring: loadKeyring(keyFile),
  port: Number(port ?? 0),
  poolSize: 4,
  sweepSeconds: 0,
});
process.stdout.write(`listening on ${service.uploadUrl}\n`);
process.once('SIGTERM', () => void service.close().finally(() => process.exit(0)));
