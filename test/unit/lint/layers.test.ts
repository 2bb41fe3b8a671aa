// The layer table of ARCHITECTURE.md, as lint enforces it: a wrong import between processes
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
    ['renderer/screens/x.ts', "import { createKiosk as value } from '../../electron/kiosk';"],
    ['renderer/screens/x.ts', "import { Gy906Parser as value } from '../../native/gy906';"],
    ['electron/checks/x.ts', "import { app as value } from 'electron';"],
    [
      'electron/checks/x.ts',
      "import { DisplayScreen as value } from '../../renderer/screens/DisplayScreen';",
    ],
    ['electron/contract/x.ts', "import { readFileSync as value } from 'node:fs';"],
    ['native/x.ts', "import { createKiosk as value } from '../electron/kiosk';"],
  ])('refuses %s: %s', async (file, source) => {
    expect(await importErrors(file, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/screens/x.ts', "import { operations as value } from '../../electron/contract/api';"],
    ['electron/checks/x.ts', "import { readFileSync as value } from 'node:fs';"],
    ['electron/main.ts', "import { app as value } from 'electron';"],
    ['native/x.ts', "import { SerialPort as value } from 'serialport';"],
  ])('allows %s: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
