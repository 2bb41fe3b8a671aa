// The thermometer protocols by driver name: the one place the kiosk, the simulator and the
// settings check turn a configured driver into bytes to send and a parser for what comes back.

import { createAsciiProtocol } from './ascii';
import { createGy906Protocol } from './gy906';
import { createHeimannProtocol } from './heimann';
import type { ThermometerMode } from './driver';
import type { ThermometerProtocol } from './protocol';

export type { ThermometerMode } from './driver';

export type ProtocolOptions =
  | { driver: 'gy906'; mode: ThermometerMode; frameLength: 9 | 10 }
  | { driver: 'heimann' }
  | { driver: 'ascii'; pattern?: string; query?: string };

/** Throws (a clear Error) when an ASCII pattern is not a valid regular expression. */
export function createThermometerProtocol(options: ProtocolOptions): ThermometerProtocol {
  switch (options.driver) {
    case 'gy906':
      return createGy906Protocol({ mode: options.mode, frameLength: options.frameLength });
    case 'heimann':
      return createHeimannProtocol();
    case 'ascii':
      return createAsciiProtocol({ pattern: options.pattern, query: options.query });
    default: {
      const unknown: never = options;
      throw new Error(`unknown thermometer driver ${JSON.stringify(unknown)}`);
    }
  }
}
