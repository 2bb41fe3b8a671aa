// A device's model and its trouble, and the district upload's error, in the reader's words:
// every driver the settings offer and every code the contract sends has a sentence in both
// languages, and an unknown driver is named in words, never by its id.
import { describe, expect, it } from 'vitest';
import { deviceProblemSchema, uploadStatusSchema } from '../../../../contract/api';
import {
  deviceProblemWords,
  driverKey,
  driverLine,
  driverWords,
  thermometerDrivers,
  uploadErrorWords,
} from '../../../../renderer/display/device-words';
import { translator } from '../translator';

const zh = translator('zh-CN');
const en = translator('en');
const uploadCodes = uploadStatusSchema.shape.lastErrorCode.unwrap().options;

describe('device words', () => {
  it('names each driver the settings offer, and an unknown one as another model', () => {
    expect(driverWords(zh, 'gy906')).toBe('GY-906 系列');
    expect(driverWords(zh, 'simulated')).toBe('模拟（无设备）');
    expect(driverLine(zh, 'heimann')).toBe('型号：Heimann 式（AA 55 06）');
    expect(driverLine(en, 'simulated')).toMatch(/^Model: /);
    expect(driverKey('mlx-new')).toBe('device.driver.other');
    expect(driverWords(zh, 'mlx-new')).toBe('其他型号');
    for (const driver of thermometerDrivers) {
      expect(driverWords(zh, driver)).not.toContain(driver);
    }
  });

  it.each([zh, en])('says every device problem and upload error in words (%#)', (t) => {
    for (const problem of deviceProblemSchema.options) {
      const words = deviceProblemWords(t, problem);
      expect(words).not.toBe(`device-problem.${problem}`);
      expect(words.length).toBeGreaterThan(3);
    }
    expect(deviceProblemWords(t, null)).toBe('');
    for (const code of uploadCodes) {
      expect(uploadErrorWords(t, code)).not.toBe(`upload.error.${code}`);
    }
    expect(uploadErrorWords(t, null)).toBeNull();
  });

  it('says which clock is off and by how much when the district said its time', () => {
    expect(uploadErrorWords(zh, 'clock', 432)).toBe(
      '本机时钟比教育局服务器快 7 分 12 秒，请核对本机时间',
    );
    expect(uploadErrorWords(zh, 'clock', -7500)).toBe(
      '本机时钟比教育局服务器慢 2 小时 5 分，请核对本机时间',
    );
    expect(uploadErrorWords(zh, 'clock', 90_061)).toContain('快 1 天 1 小时');
    // Within the protocol's 5 minutes of this kiosk, yet refused: the district's clock is off.
    expect(uploadErrorWords(zh, 'clock', -12)).toContain('教育局服务器时钟有误');
    expect(uploadErrorWords(zh, 'clock', null)).toContain('相差超过 5 分钟');
    expect(uploadErrorWords(en, 'clock', 432)).toBe(
      "this kiosk's clock is 7 min 12 s ahead of the district's: check it",
    );
  });

  it('says a missing serial port in Chinese, not the system message', () => {
    expect(deviceProblemWords(zh, 'missing')).toContain('找不到串口');
    expect(uploadErrorWords(zh, 'unreachable')).toContain('教育局');
  });
});
