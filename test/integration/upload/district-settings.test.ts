// The admin's district settings through dispatch on a real kiosk and config file: every problem
// named at once, the section written atomically beside the rest of the file, the secret never
// answered nor audited (shown only as set), kept when left out, and the uploader using the new
// settings once the kiosk is started again.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadStatus } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { testAdmin } from '../../fixtures/callers';

const secret = 'a-long-district-secret-42';
let dir: string;
let configFile: string;
let kiosk: Kiosk;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-district-settings-'));
  configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' } }));
  kiosk = await createKiosk({ dataDir: dir, configFile });
  // The admin of testAdmin (id 1) must exist: the audit log names who did it.
  await dispatch(kiosk.handlers, 'createFirstAdmin', {
    username: 'test-admin',
    displayName: '测试管理员',
    password: 'correct horse',
  });
});

afterEach(async () => {
  await kiosk.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(name: string, input: unknown = {}) {
  return dispatch(kiosk.handlers, name, input, testAdmin, kiosk.audit);
}

async function value(name: string, input: unknown = {}): Promise<unknown> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const settings = {
  url: 'https://edu.example.cn/gate',
  schoolId: 'school-7',
  gateId: '',
  secret,
};

describe('the district settings', () => {
  it('names every problem at once and writes nothing', async () => {
    const before = await readFile(configFile, 'utf8');
    const refused = await call('saveDistrictSettings', {
      url: 'ftp://edu.example.cn',
      schoolId: '',
      gateId: '',
      secret: 'short',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'url: bad-url; schoolId: required; secret: too-short' },
    });
    // No secret was ever set: one must be given.
    const noSecret = await call('saveDistrictSettings', { ...settings, secret: null });
    expect(noSecret).toMatchObject({ error: { message: 'secret: required' } });
    expect(await readFile(configFile, 'utf8')).toBe(before);
  });

  it('refuses plain http to another machine, and allows it to a receiver on this one', async () => {
    const plain = await call('saveDistrictSettings', { ...settings, url: 'http://edu.example.cn' });
    expect(plain).toMatchObject({ ok: false, error: { message: 'url: not-https' } });
    for (const url of [
      'http://127.0.0.1:8400',
      'http://localhost:8400/gate',
      'http://[::1]:8400',
    ]) {
      expect(await call('saveDistrictSettings', { ...settings, url })).toMatchObject({ ok: true });
    }
  });

  it('saves the section beside the rest of the file, never answers the secret, and asks for a restart', async () => {
    expect(await value('districtSettings')).toEqual({
      url: null,
      schoolId: null,
      gateId: null,
      secretSet: false,
      inEffect: true,
    });
    const saved = await value('saveDistrictSettings', settings);
    expect(saved).toEqual({
      url: settings.url,
      schoolId: 'school-7',
      gateId: null,
      secretSet: true,
      inEffect: false,
    });
    expect(JSON.stringify(saved)).not.toContain(secret);
    const file = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({
      gate: { id: 'south', name: '南门' },
      district: { url: settings.url, schoolId: 'school-7', secret },
    });
    // Written by rename: no temporary file is left behind.
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    // The audit log records the change, but not the secret.
    const audit = JSON.stringify(await value('auditLog', { limit: 20 }));
    expect(audit).toContain('saveDistrictSettings');
    expect(audit).not.toContain(secret);

    // Left out, the secret stays as it was; the gate id is changed.
    await value('saveDistrictSettings', { ...settings, gateId: 'south-2', secret: null });
    const again = JSON.parse(await readFile(configFile, 'utf8')) as {
      district: { secret: string; gateId: string };
    };
    expect(again.district).toMatchObject({ secret, gateId: 'south-2' });

    // The running uploader still has no district; started again, the kiosk uses the new one.
    const upload = async () => ((await value('status')) as { upload: UploadStatus }).upload.state;
    expect(await upload()).toBe('off');
    await kiosk.close();
    kiosk = await createKiosk({ dataDir: dir, configFile });
    expect(await value('districtSettings')).toMatchObject({ gateId: 'south-2', inEffect: true });
    expect(await upload()).not.toBe('off');
  });
});
