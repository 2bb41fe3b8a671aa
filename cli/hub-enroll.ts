// `npm run hub:enroll -- --data-dir HUBDIR --gate ID --url HUBURL`: joins a gate to the school
// hub (docs/school-hub.md "Joining a gate"). Makes the gate's own secret in the hub's database
// and prints the `hub` section for that gate's config file; the secret is shown only now.
// `--revoke` refuses the gate from then on (enrolling it again gives it a new secret).
// Runs beside a working hub (WAL); never prints anything but the one gate's section.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHubGates } from '../backend/hub/hub-gates';
import { defaultDataKeyFile, openFieldCipher } from '../backend/privacy/data-key';
import { databaseFile, openDatabase } from '../backend/store/database';
import { errorDetail } from '../backend/store/store-error';
import { consoleOutput, exitCode, runIfEntryPoint, usageOf, type CliOutput } from './cli-console';

export const hubEnrollUsage = [
  'Usage: npm run hub:enroll -- --data-dir HUBDIR --gate ID --url HUBURL',
  '       npm run hub:enroll -- --data-dir HUBDIR --gate ID --revoke',
  '',
  "Joins a gate to the school hub: prints the `hub` section to put in that gate's config",
  'file (the hub address, the gate id and its own secret, shown only this once). Enrolling a',
  'gate again gives it a new secret and the old one stops working. --revoke refuses the gate.',
  '',
  '  --data-dir HUBDIR  the hub data folder holding kiosk.db',
  '  --gate ID          the gate id, as gate.id in that gate’s config (e.g. north-gate)',
  '  --url HUBURL       the address the gate reaches the hub at (http://10.0.0.5:8080)',
  '  --data-key FILE    the data key, when the hub keeps it outside the data folder',
  '  --revoke           refuse this gate from now on',
].join('\n');

const usage = usageOf(hubEnrollUsage);
const gateIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export async function main(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        gate: { type: 'string' },
        url: { type: 'string' },
        'data-key': { type: 'string' },
        revoke: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(output, errorDetail(error));
  }
  const dataDir = values['data-dir'];
  const gateId = values.gate;
  if (dataDir === undefined || gateId === undefined) {
    return usage(output, '--data-dir and --gate are needed.');
  }
  if (!gateIdPattern.test(gateId)) {
    return usage(output, `The gate id "${gateId}" may hold letters, digits, . _ and - only.`);
  }
  const revoke = values.revoke === true;
  const url = values.url;
  if (!revoke && (url === undefined || !/^https?:\/\/[^/]+/.test(url))) {
    return usage(output, '--url must be the address gates reach the hub at, http(s)://HOST:PORT.');
  }
  // A mistyped folder must not become a new, empty "hub" whose section no gate could use.
  const file = databaseFile(path.resolve(dataDir));
  if (!existsSync(file)) {
    output.error(`There is no kiosk database in ${dataDir}: give the hub's data folder.`);
    return exitCode.failed;
  }
  let db;
  try {
    db = openDatabase(file);
  } catch (error) {
    output.error(`Cannot open the hub's database in ${dataDir}: ${errorDetail(error)}`);
    return exitCode.failed;
  }
  try {
    const keyFile = values['data-key'];
    const cipher = openFieldCipher(db, {
      file: keyFile === undefined ? defaultDataKeyFile(dataDir) : path.resolve(keyFile),
    });
    const role = db
      .prepare<[], { value: string }>("SELECT value FROM kiosk_meta WHERE key = 'school_role'")
      .get()?.value;
    if (role !== 'hub') {
      output.error(
        `${dataDir} is not a school hub's data folder: start the hub once with ` +
          '--hub (npm run serve -- --data-dir DIR --hub), then enroll its gates.',
      );
      return exitCode.failed;
    }
    const gates = createHubGates(db, cipher, () => new Date());
    if (revoke) {
      if (!gates.revoke(gateId)) {
        output.error(`No gate "${gateId}" is enrolled at this hub.`);
        return exitCode.failed;
      }
      output.out(`Gate "${gateId}" is refused from now on.`);
      return exitCode.ok;
    }
    const secret = gates.enroll(gateId);
    const hubId = db
      .prepare<[], { value: string }>("SELECT value FROM kiosk_meta WHERE key = 'installation_id'")
      .get()?.value;
    const section = { url: (url ?? '').replace(/\/+$/, ''), gateId, secret, hubId };
    output.out(JSON.stringify({ hub: section }, null, 2));
    output.error(
      `Put the "hub" section above in the config file of gate "${gateId}" (its gate.id must be ` +
        `"${gateId}") and start that gate. The secret is shown only now.`,
    );
    return exitCode.ok;
  } catch (error) {
    output.error(`Cannot enroll the gate: ${errorDetail(error)}`);
    return exitCode.failed;
  } finally {
    db.close();
  }
}

await runIfEntryPoint(import.meta.url, (argv) => main(argv));
