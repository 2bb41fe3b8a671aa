// The layer table of docs/architecture.md, as lint enforces it: a wrong import between processes
// fails CI. Lints snippets as if they stood in each folder, with the project's own config.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = value;\n`, {
    filePath: path.join(root, file),
  });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import rules by layer', () => {
  it.each([
    ['renderer/screens/x.ts', "import { readFileSync as value } from 'node:fs';"],
    ['renderer/screens/x.ts', "import { createKiosk as value } from '../../backend/kiosk';"],
    [
      'renderer/screens/x.ts',
      "import { parseGy906Frame as value } from '../../native/thermometer/gy906';",
    ],
    ['renderer/screens/x.ts', "import { startServer as value } from '../../server/server';"],
    ['backend/checks/x.ts', "import { app as value } from 'electron';"],
    [
      'backend/checks/x.ts',
      "import { DisplayScreen as value } from '../../renderer/screens/DisplayScreen';",
    ],
    ['backend/checks/x.ts', "import { startServer as value } from '../../server/server';"],
    ['backend/checks/x.ts', "import { registerIpc as value } from '../../electron/ipc-bridge';"],
    ['contract/x.ts', "import { readFileSync as value } from 'node:fs';"],
    ['contract/x.ts', "import { createKiosk as value } from '../backend/kiosk';"],
    ['native/x.ts', "import { createKiosk as value } from '../backend/kiosk';"],
    ['native/relay/x.ts', "import { operations as value } from '../../contract/api';"],
    ['server/x.ts', "import { app as value } from 'electron';"],
    ['server/x.ts', "import { registerIpc as value } from '../electron/ipc-bridge';"],
    ['electron/x.ts', "import { startServer as value } from '../server/server';"],
    ['cli/x.ts', "import { app as value } from 'electron';"],
    ['cli/x.ts', "import { GuardStation as value } from '../renderer/screens/GuardStation';"],
    // The district service and the kiosk meet only on the wire.
    ['district/service/x.ts', "import { createKiosk as value } from '../../backend/kiosk';"],
    ['district/bureau/x.ts', "import { startServer as value } from '../../server/server';"],
    ['district/x.ts', "import { operations as value } from '../contract/api';"],
    ['backend/upload/x.ts', "import { storeBatch as value } from '../../district/service/ingest';"],
    ['cli/x.ts', "import { migrate as value } from '../district/service/db';"],
  ])('refuses %s: %s', async (file, source) => {
    expect(await importErrors(file, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/screens/x.ts', "import { operations as value } from '../../contract/api';"],
    ['backend/checks/x.ts', "import { readFileSync as value } from 'node:fs';"],
    ['backend/checks/x.ts', "import { operations as value } from '../../contract/api';"],
    [
      'backend/devices/x.ts',
      "import { parseGy906Frame as value } from '../../native/thermometer/gy906';",
    ],
    ['electron/main.ts', "import { app as value } from 'electron';"],
    ['electron/x.ts', "import { createKiosk as value } from '../backend/kiosk';"],
    ['server/x.ts', "import { createKiosk as value } from '../backend/kiosk';"],
    ['native/x.ts', "import { SerialPort as value } from 'serialport';"],
    [
      'cli/x.ts',
      "import { decodeFrame as value } from '../renderer/scanner/decode/kiosk-pipeline';",
    ],
    ['cli/x.ts', "import { openDatabase as value } from '../backend/store/database';"],
    // A package whose path ends in /server is not the kiosk's server/ folder.
    ['district/bureau/x.ts', "import { renderToStaticMarkup as value } from 'react-dom/server';"],
    ['district/service/x.ts', "import { parseBatch as value } from '../protocol/protocol';"],
  ])('allows %s: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
