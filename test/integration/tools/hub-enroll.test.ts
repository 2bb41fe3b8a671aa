// `npm run hub:enroll` given what an admin may mistype: a folder that is no hub's, a gate id a
// config's gate.id would not match, an address that is none, a gate never enrolled. Each is
// refused with what to do, and nothing is made: a mistyped folder must not become a new "hub".
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main as enroll } from '../../../cli/hub-enroll';
import { setSchoolRole } from '../../../backend/hub/school-role';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

afterEach(() => removeTempDirs());

async function run(argv: string[]): Promise<{ code: number; out: string; error: string }> {
  const lines = { out: [] as string[], error: [] as string[] };
  const code = await enroll(argv, {
    out: (line) => lines.out.push(line),
    error: (line) => lines.error.push(line),
  });
  return { code, out: lines.out.join('\n'), error: lines.error.join('\n') };
}

function folderWithRole(role: 'hub' | null): string {
  const dir = makeTempDir('kiosk-enroll-');
  const db = openDatabase(databaseFile(dir));
  if (role !== null) setSchoolRole(db, role);
  db.close();
  return dir;
}

const url = ['--url', 'http://10.0.0.5:5174'];

describe('hub:enroll', () => {
  it('refuses a folder holding no kiosk, and makes nothing there', async () => {
    const dir = path.join(makeTempDir('kiosk-enroll-'), 'typo');
    const answer = await run(['--data-dir', dir, '--gate', 'north', ...url]);
    expect(answer).toMatchObject({ code: 1, out: '' });
    expect(answer.error).toContain("give the hub's data folder");
    expect(existsSync(databaseFile(dir))).toBe(false);
  });

  it("refuses a single kiosk's folder until it has been started as the hub", async () => {
    const answer = await run(['--data-dir', folderWithRole(null), '--gate', 'north', ...url]);
    expect(answer).toMatchObject({ code: 1, out: '' });
    expect(answer.error).toContain('start the hub once with --hub');
  });

  it('refuses a gate id a config could not match, an address that is none, an unknown gate', async () => {
    const dir = folderWithRole('hub');
    const badId = await run(['--data-dir', dir, '--gate', '北 门', ...url]);
    expect(badId).toMatchObject({ code: 2, out: '' });
    expect(badId.error).toContain('letters, digits');
    const badUrl = await run(['--data-dir', dir, '--gate', 'north', '--url', 'ftp://10.0.0.5']);
    expect(badUrl).toMatchObject({ code: 2, out: '' });
    const unknown = await run(['--data-dir', dir, '--gate', 'north', '--revoke']);
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.error).toContain('No gate "north"');
  });

  it('prints the section for a hub, with a secret that enrolling again replaces', async () => {
    const dir = folderWithRole('hub');
    const first = await run(['--data-dir', dir, '--gate', 'north', ...url]);
    const second = await run(['--data-dir', dir, '--gate', 'north', ...url]);
    expect(first.code).toBe(0);
    const hub = (JSON.parse(first.out) as { hub: { gateId: string; secret: string } }).hub;
    expect(hub).toMatchObject({ url: 'http://10.0.0.5:5174', gateId: 'north' });
    expect(hub.secret).not.toBe((JSON.parse(second.out) as { hub: { secret: string } }).hub.secret);
  });
});
