// Configuration files tried systematically (issue 7, item 6): random bytes, JSON of any shape,
// and configs where each section is valid or broken in some way. loadConfig gives a config
// that parses again to itself, or throws a ConfigError naming the file — never another error.
// The settings screen's check (parseDeviceSettings) obeys the same rule.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  configSchema,
  loadConfig,
  parseDeviceSettings,
} from '../../../backend/config/config';
import type { DeviceSettings } from '../../../contract/api';
import {
  fuzzParameters,
  fuzzTimeout,
  hostileNumber,
  hostileText,
  hostileValue,
} from './fuzz-settings';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

const dir = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
const file = join(dir, 'config.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `content` as the config file: a config, or a ConfigError in words. */
function expectConfigOrConfigError(content: string | Uint8Array): void {
  writeFileSync(file, content);
  let config: unknown;
  try {
    config = loadConfig(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    return;
  }
  // What was accepted is a whole config: it parses again, to the same thing.
  expect(configSchema.parse(config)).toEqual(config);
}

/** A value for one setting: usually of the right kind, sometimes hostile. */
const setting = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });

const thermometer = fc.oneof(
  fc.constant({ driver: 'simulated' }),
  fc.record(
    {
      driver: setting(fc.constantFrom('gy906', 'heimann', 'ascii', 'mlx', 'simulated')),
      path: setting(fc.constantFrom('/dev/ttyUSB0', 'COM3', '')),
      baudRate: setting(fc.constantFrom(9600, 115200, 0, -1, 1.5)),
      mode: setting(fc.constantFrom('stream', 'query', 'triggered', 'poll')),
      frameLength: setting(fc.constantFrom(9, 10, 11)),
      offsetCelsius: setting(hostileNumber),
      noDataSeconds: setting(fc.integer({ min: -5, max: 700 })),
      pattern: setting(fc.constantFrom('T=(\\d+\\.\\d)', '(', '[', '(?<', '\\', 'a{2,1}', '.*')),
      query: setting(hostileText(20)),
    },
    { requiredKeys: ['driver'] },
  ),
);

const relay = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      driver: setting(fc.constantFrom('lcus1', 'modbus', 'x10')),
      path: setting(fc.constantFrom('/dev/ttyUSB1', '')),
      baudRate: setting(fc.constantFrom(9600, 0)),
      channel: setting(fc.integer({ min: -1, max: 10 })),
      address: setting(fc.integer({ min: -1, max: 300 })),
      coil: setting(fc.integer({ min: -1, max: 70000 })),
      pulseMs: setting(fc.integer({ min: 0, max: 20000 })),
    },
    { requiredKeys: ['driver'] },
  ),
);

const url = fc.oneof(
  fc.constantFrom(
    'https://district.example.cn',
    'http://127.0.0.1:8080/',
    'http://localhost',
    'http://[::1]:9/',
    'ftp://x',
    'nope',
    '',
    'https://',
    'http://192.168.1.2',
    'javascript:alert(1)',
  ),
  fc.webUrl(),
  hostileText(60),
);

/** A health-code pattern: a prefix, a regex (safe, broken or slow), both or neither. */
const healthCodePattern = fc.record(
  {
    platform: setting(fc.constantFrom('粤康码', '', 'x'.repeat(41))),
    prefix: setting(fc.constantFrom('https://h5.dingtalk.com/', ' https://a', 'h', 'SSM')),
    regex: setting(fc.constantFrom('^SSM[0-9A-F]{32}$', '^(', '(a+)+$', '^(a+)+$', '^.*.*.*$')),
  },
  { requiredKeys: ['platform'] },
);

const time = fc.oneof(fc.constantFrom('16:30', '24:00', '7:5', '23:59'), hostileText(6));

const config = fc.record(
  {
    gate: setting(fc.record({ id: hostileText(70), name: hostileText(70) })),
    thermometer: setting(thermometer),
    relay: setting(relay),
    scanner: setting(
      fc.record(
        {
          engine: setting(fc.constantFrom('pipeline', 'zxing', 'native', 'x')),
          camera: setting(
            fc.record(
              {
                device: setting(fc.option(hostileText(20), { nil: null })),
                width: setting(fc.integer({ min: 0, max: 5000 })),
                height: setting(fc.integer({ min: 0, max: 5000 })),
              },
              { requiredKeys: [] },
            ),
          ),
          repeatSeconds: setting(hostileNumber),
        },
        { requiredKeys: [] },
      ),
    ),
    district: setting(
      fc.record(
        {
          url: setting(url),
          schoolId: setting(hostileText(70)),
          gateId: setting(hostileText(70)),
          secret: setting(hostileText(300)),
          timeoutSeconds: setting(hostileNumber),
          reportAt: setting(time),
          reportDeadline: setting(time),
        },
        { requiredKeys: ['url', 'schoolId', 'secret'] },
      ),
    ),
    healthCode: setting(
      fc.record(
        {
          url: setting(url),
          timeoutSeconds: setting(hostileNumber),
          patterns: setting(fc.array(healthCodePattern, { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    ),
    policy: setting(
      fc.dictionary(
        fc.constantFrom(
          'feverThresholdCelsius',
          'plausibleMinCelsius',
          'plausibleMaxCelsius',
          'presenceMinCelsius',
          'checkTimeoutSeconds',
          'retestWaitSeconds',
          'mode',
          'temperatureRequiredFor',
          'required',
          'questions',
        ),
        hostileValue,
        { maxKeys: 5 },
      ),
    ),
    server: setting(
      fc.record(
        {
          host: setting(fc.constantFrom('127.0.0.1', '0.0.0.0', 'localhost', '[::1]', 'x', '::')),
          port: setting(fc.integer({ min: -1, max: 70000 })),
          allowLan: setting(fc.boolean()),
          hostNames: setting(fc.array(hostileText(20), { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    ),
    unexpected: hostileValue,
  },
  { requiredKeys: [] },
);

describe('configuration files', () => {
  it('random bytes and text: a config or a ConfigError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          hostileText(300),
          fc.constantFrom('', '{', '[]', 'null', '"x"', '\ufeff{}', '{"gate":{}}', '{}'.repeat(3)),
        ),
        expectConfigOrConfigError,
      ),
      fuzzParameters(300),
    );
  });

  it('JSON of any shape: a config or a ConfigError', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, fc.jsonValue()), (value) =>
        expectConfigOrConfigError(JSON.stringify(value) ?? 'undefined'),
      ),
      fuzzParameters(300),
    );
  });

  it('configs with every section valid or broken: a config or a ConfigError', () => {
    fc.assert(
      fc.property(config, (value) => expectConfigOrConfigError(JSON.stringify(value))),
      fuzzParameters(300),
    );
  });

  it('refuses a health-code address that is not a URL in words (found by this fuzz)', () => {
    expectConfigOrConfigError(JSON.stringify({ healthCode: { url: 'nope' } }));
    expect(() => loadConfig(file)).toThrow(/healthCode\.url/);
  });

  it('the settings screen: device settings come back checked, or a ConfigError', () => {
    fc.assert(
      fc.property(setting(thermometer), setting(relay), (thermometerSettings, relaySettings) => {
        const input = { thermometer: thermometerSettings, relay: relaySettings };
        try {
          const checked = parseDeviceSettings(input as DeviceSettings);
          expect(parseDeviceSettings(checked)).toEqual(checked);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
      }),
      fuzzParameters(300),
    );
  });
});
