// `npm run thermometer:sim -- --path P --driver D --celsius 36.6[,37.8,…]`: plays a
// thermometer on a serial path, writing that protocol's frames: for demos on a socat pair and
// for the tests. Each temperature is sent --repeat times (a streaming sensor's steady run, which
// the kiosk waits for before it believes a reading), --interval-ms apart.
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { consoleOutput, exitCode, runIfEntryPoint, usageOf, type CliOutput } from './cli-console';
import { createThermometerProtocol } from '../native/thermometer/protocols-by-name';

export const thermometerSimUsage = [
  'Usage: npm run thermometer:sim -- --path P --driver gy906|heimann|ascii --celsius 36.6[,37.8,…]',
  '                                  [--baud N] [--repeat N] [--interval-ms MS] [--ambient C]',
  '                                  [--frame-length 9|10]',
  '',
  'Writes thermometer frames to a serial port (or one end of a socat pair, the kiosk on the',
  'other) as the device would: each temperature --repeat times (default 3), --interval-ms',
  'apart (default 200), then exits.',
  '',
  '  --path P            the serial path to write to, e.g. /tmp/gate/device',
  '  --driver D          gy906, heimann or ascii (the protocol the kiosk is set to)',
  '  --celsius LIST      temperatures in °C, comma-separated',
  "  --baud N            baud rate (default: the protocol's, 9600 or 115200 for heimann)",
  '  --ambient C         ambient temperature in GY-906 frames (default 25)',
  '  --frame-length 10   GY-906 frames with the trailing module-ID byte',
].join('\n');

const usage = usageOf(thermometerSimUsage);

const drivers = ['gy906', 'heimann', 'ascii'] as const;
type Driver = (typeof drivers)[number];

export async function main(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        path: { type: 'string' },
        driver: { type: 'string' },
        celsius: { type: 'string' },
        baud: { type: 'string' },
        repeat: { type: 'string', default: '3' },
        'interval-ms': { type: 'string', default: '200' },
        ambient: { type: 'string', default: '25' },
        'frame-length': { type: 'string', default: '9' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(output, (error as Error).message);
  }
  if (values.help) {
    output.out(thermometerSimUsage);
    return exitCode.ok;
  }
  const driver = values.driver;
  if (!isDriver(driver)) return usage(output, `Give --driver ${drivers.join(', ')}.`);
  if (!values.path) return usage(output, 'Give --path, the serial path to write to.');
  const temperatures = (values.celsius ?? '').split(',').map((text) => Number(text.trim()));
  if (temperatures.length === 0 || temperatures.some((value) => !Number.isFinite(value))) {
    return usage(output, `--celsius "${values.celsius ?? ''}" is not a list of temperatures.`);
  }
  const repeat = Number(values.repeat);
  const intervalMs = Number(values['interval-ms']);
  const ambient = Number(values.ambient);
  const frameLength = Number(values['frame-length']);
  const baudRate =
    values.baud === undefined ? (driver === 'heimann' ? 115200 : 9600) : Number(values.baud);
  if (!Number.isInteger(repeat) || repeat < 1) return usage(output, '--repeat must be 1 or more.');
  if (!(intervalMs >= 0)) return usage(output, '--interval-ms must be 0 or more.');
  if (!Number.isFinite(ambient)) return usage(output, '--ambient must be a temperature.');
  if (frameLength !== 9 && frameLength !== 10) return usage(output, '--frame-length is 9 or 10.');
  if (!Number.isInteger(baudRate) || baudRate <= 0) return usage(output, '--baud must be a rate.');

  const protocol = createThermometerProtocol(
    driver === 'gy906' ? { driver, mode: 'stream', frameLength } : { driver },
  );
  let frames: Uint8Array[];
  try {
    frames = temperatures.map((celsius) => protocol.encode(celsius, ambient));
  } catch (error) {
    output.error((error as Error).message);
    return exitCode.failed;
  }

  const port = new SerialPort({ path: values.path, baudRate, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    output.error(`Cannot open ${values.path}: ${(error as Error).message}`);
    return exitCode.failed;
  }
  try {
    for (const [index, frame] of frames.entries()) {
      for (let time = 0; time < repeat; time += 1) {
        await write(port, frame);
        await sleep(intervalMs);
      }
      output.out(`${values.path}\t${driver}\t${temperatures[index]} °C ×${repeat}`);
    }
  } catch (error) {
    output.error(`Cannot write to ${values.path}: ${(error as Error).message}`);
    return exitCode.failed;
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
  return exitCode.ok;
}

function write(port: SerialPort, frame: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(frame), (error) => {
      if (error) reject(error);
      else port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isDriver(value: string | undefined): value is Driver {
  return (drivers as readonly string[]).includes(value ?? '');
}

await runIfEntryPoint(import.meta.url, main);
