// Child process for the "close leaves nothing open" tests: opens a serial thermometer on the
// path given, waits for its first state, closes it and returns. It must never call
// process.exit(): the point is to see that Node exits on its own once close() resolves.

import { createSerialThermometer } from '../../../native/thermometer/serial-thermometer';
import { createThermometerProtocol } from '../../../native/thermometer/protocols-by-name';
import type { ThermometerState } from '../../../native/thermometer/driver';

async function main(path: string): Promise<void> {
  // A retry far longer than the test's patience: a timer close() forgot would keep Node alive.
  const thermometer = createSerialThermometer({
    path,
    baudRate: 9600,
    reconnectMs: 60_000,
    mode: 'stream',
    protocol: createThermometerProtocol({ driver: 'gy906', mode: 'stream', frameLength: 9 }),
  });
  const first = new Promise<ThermometerState>((resolve) => {
    const unsubscribe = thermometer.onState((state) => {
      unsubscribe();
      resolve(state);
    });
  });
  thermometer.start();
  const state = await first;
  console.log(state.connected ? 'connected' : `not connected: ${state.error ?? 'no reason'}`);
  await thermometer.close();
  console.log('closed');
}

const path = process.argv[2];
if (path === undefined) {
  console.error('usage: thermometer-exit-probe <serial path>');
  process.exitCode = 2;
} else {
  main(path).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
