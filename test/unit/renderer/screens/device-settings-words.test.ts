// A refused device setting in the reader's words: each zod issue of the contract's schema
// becomes "device: field must …" in Chinese (or English), never zod's English, a field's code
// name or its path; settings that may be saved say nothing.
import { describe, expect, it } from 'vitest';
import type { DeviceSettings } from '../../../../contract/api';
import {
  deviceSettingsProblem,
  issueWords,
} from '../../../../renderer/screens/device-settings-words';
import { translator } from '../translator';

const zh = translator('zh-CN');
const en = translator('en');

const heimann = {
  driver: 'heimann',
  path: '/dev/ttyUSB0',
  baudRate: 115200,
  mode: 'stream',
  offsetCelsius: 0,
  noDataSeconds: 5,
} as const;
const lcus1 = { driver: 'lcus1', path: '/dev/ttyUSB1', baudRate: 9600, channel: 1, pulseMs: 500 };

function settings(
  thermometer: Record<string, unknown>,
  relay: Record<string, unknown> | null = null,
): DeviceSettings {
  return { thermometer, relay } as DeviceSettings;
}

describe('device settings problems in words', () => {
  it.each([
    [settings({ ...heimann, offsetCelsius: 4 }), '测温仪：“校准偏移 °C”不能大于 3'],
    [settings({ ...heimann, offsetCelsius: -3.5 }), '测温仪：“校准偏移 °C”不能小于 -3'],
    [settings({ ...heimann, baudRate: -1 }), '测温仪：“波特率”必须大于 0'],
    [settings({ ...heimann, noDataSeconds: 1.5 }), '测温仪：“无数据报警（秒）”必须是整数'],
    [settings({ ...heimann, path: '' }), '测温仪：请填写“串口路径”'],
    [settings(heimann, { ...lcus1, channel: 9 }), '闸机继电器：“通道”不能大于 8'],
    [settings(heimann, { ...lcus1, pulseMs: 10 }), '闸机继电器：“开闸时长（毫秒）”不能小于 50'],
    [
      settings({ driver: 'ascii', path: '/dev/ttyUSB0', pattern: '(' }),
      '测温仪：“读数格式（正则表达式）”不是有效的正则表达式',
    ],
  ])('%j → %s', (value, words) => {
    const problem = deviceSettingsProblem(zh, value);
    expect(problem).toBe(words);
    expect(problem).not.toMatch(/offsetCelsius|pulseMs|Too big|expected|→/);
  });

  it('says the same in English without the field names of the config file', () => {
    const problem = deviceSettingsProblem(en, settings({ ...heimann, offsetCelsius: 4 }));
    expect(problem).toBe('Thermometer: “Calibration offset °C” must be at most 3');
  });

  it('lets good settings through', () => {
    expect(deviceSettingsProblem(zh, settings(heimann, lcus1))).toBeNull();
    expect(deviceSettingsProblem(zh, settings({ driver: 'simulated' }))).toBeNull();
  });

  it('words a field it does not know without naming it', () => {
    const words = issueWords(zh, {
      code: 'invalid_value',
      values: ['a'],
      path: ['thermometer', 'somethingNew'],
      message: 'Invalid option',
      input: 'b',
    });
    expect(words).toBe('测温仪：有一项设置的值不对');
  });
});
