// `npm run thermometer:sim` (in-process) on a socat pair: it writes each protocol's frames the
// number of times asked, refuses wrong arguments with exit 2 and usage, and says so in words
// (exit 1) when the path cannot be opened or a temperature cannot be encoded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliOutput } from '../../../cli/cli-console';
import { encodeGy906Frame } from '../../../native/thermometer/gy906';
import { encodeHeimannFrame } from '../../../native/thermometer/heimann';
import { main } from '../../../cli/thermometer-sim';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { openSocatPair, type SocatPair } from '../../rigs/socat-pair';

let pair: SocatPair;
let out: string[];
let errors: string[];
const output: CliOutput = { out: (line) => out.push(line), error: (line) => errors.push(line) };

/** The pair's kiosk end is where the simulator writes; the rig reads it from the other end. */
async function simulate(...args: string[]): Promise<number> {
  return main(['--path', pair.kioskPath, '--interval-ms', '5', ...args], output);
}

beforeEach(async () => {
  pair = await openSocatPair(makeTempDir());
  out = [];
  errors = [];
});

afterEach(async () => {
  await pair.close();
  removeTempDirs();
});

describe('npm run thermometer:sim', () => {
  it('writes each GY-906 frame --repeat times, with the ambient given', async () => {
    expect(
      await simulate(
        '--driver',
        'gy906',
        '--celsius',
        '36.6,37.8',
        '--repeat',
        '2',
        '--ambient',
        '22',
      ),
    ).toBe(0);
    const frames = [36.6, 36.6, 37.8, 37.8].map((celsius) => [...encodeGy906Frame(celsius, 22)]);
    await pair.waitForReceived(Uint8Array.from(frames.flat()));
    expect([...pair.received()]).toEqual(frames.flat());
    expect(out).toHaveLength(2);
  });

  it('writes Heimann frames', async () => {
    expect(await simulate('--driver', 'heimann', '--celsius', '36.7', '--repeat', '1')).toBe(0);
    await pair.waitForReceived(encodeHeimannFrame(36.7));
    expect([...pair.received()]).toEqual([0xaa, 0x55, 0x06, 0x24, 0x07, 0x30]);
  });

  it('writes ASCII lines', async () => {
    expect(await simulate('--driver', 'ascii', '--celsius', '36.5', '--repeat', '1')).toBe(0);
    await pair.waitForReceived(new TextEncoder().encode('T=36.5\r\n'));
  });

  it.each([
    [['--driver', 'infrared', '--celsius', '36.6'], /--driver/],
    [['--driver', 'gy906', '--celsius', '36,abc'], /not a list of temperatures/],
    [['--driver', 'gy906', '--celsius', '36.6', '--repeat', '0'], /--repeat/],
    [['--driver', 'gy906', '--celsius', '36.6', '--frame-length', '11'], /9 or 10/],
  ])('refuses %j with the usage', async (args, problem) => {
    expect(await simulate(...args)).toBe(2);
    expect(errors.join('\n')).toMatch(problem);
    expect(errors.join('\n')).toContain('Usage: npm run thermometer:sim');
  });

  it('says so when the path cannot be opened, or a value cannot be sent', async () => {
    const missing = await main(
      ['--path', '/nonexistent/tty', '--driver', 'gy906', '--celsius', '36.6'],
      output,
    );
    expect(missing).toBe(1);
    expect(errors.join('\n')).toContain('Cannot open /nonexistent/tty');
    expect(await simulate('--driver', 'heimann', '--celsius', '300')).toBe(1);
    expect(pair.received().length).toBe(0);
  });
});
