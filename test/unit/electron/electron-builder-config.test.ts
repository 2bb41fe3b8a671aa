// Checks electron-builder.yml against electron-builder's own JSON schema, and holds down the
// parts a kiosk build depends on: targets, native modules outside the asar, fuses, files.
// js-yaml and ajv are not our dependencies: they come with electron-builder (app-builder-lib).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const schema = require('app-builder-lib/scheme.json') as object;

interface BuilderConfig {
  appId?: string;
  productName?: string;
  executableName?: string;
  directories?: { output?: string };
  files?: string[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string; maintainer?: string; icon?: string };
  win?: { target?: string[]; icon?: string };
  nsis?: { deleteAppDataOnUninstall?: boolean };
}

const config = yaml.load(
  readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("validates against electron-builder's schema", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the application and writes to release/', () => {
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toContain('Campus Gate Kiosk');
    expect(config.executableName).toMatch(/^[a-z0-9-]+$/);
    expect(config.directories?.output).toBe('release');
  });

  it('builds AppImage and deb for Linux and an NSIS installer for Windows', () => {
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.category).toBeTruthy();
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('keeps the native modules outside the asar and rebuilds them for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/node_modules/better-sqlite3/**',
        '**/node_modules/@serialport/**',
        '**/*.node',
      ]),
    );
    expect(config.npmRebuild).toBe(true);
  });

  it('packs the built code, the migrations and the resources', () => {
    expect(config.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/renderer/**',
        'dist-electron/**',
        'migrations/**',
        'resources/**',
      ]),
    );
  });

  it('packs the file package.json names as main', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(manifest.main.startsWith('dist-electron/')).toBe(true);
  });

  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['onlyLoadAppFromAsar', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets the %s fuse to %s', (fuse, value) => {
    expect(config.electronFuses?.[fuse]).toBe(value);
  });

  it('never deletes the entry log when the program is uninstalled', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('points at icons that exist', () => {
    for (const icon of [config.linux?.icon, config.win?.icon]) {
      expect(icon).toBeTruthy();
      expect(() => readFileSync(path.join(root, icon ?? ''))).not.toThrow();
    }
  });
});
