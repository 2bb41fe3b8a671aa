// `npm run decode -- [--engine NAME] [--budget-ms MS] FILE...`: reads codes from still images
// (PNG, JPEG) through exactly the decoder the kiosk builds, one line per file: `FILE<TAB>TEXT`,
// or `FILE<TAB>-` when nothing is read. Exit 0, 1 (a file unreadable), 2 (wrong arguments).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { consoleOutput, exitCode, runIfEntryPoint, usageOf, type CliOutput } from './cli-console';
import {
  createKioskDecoder,
  isKioskEngineChoice,
  kioskEngineChoices,
  type KioskEngineChoice,
} from '../renderer/scanner/decode/kiosk-pipeline';
import { readImage } from './read-image';

export const decodeUsage = [
  'Usage: npm run decode -- [--engine pipeline|zxing-wasm|zxing-js] [--budget-ms MS] FILE...',
  '',
  'Reads the QR code or barcode in each image (PNG or JPEG) with the decoder the gate uses',
  'and prints one line per file: the file, a tab, and the text, or "-" when none is found.',
  'Exits 1 when a file cannot be read (it still gets its "-" line), 2 on wrong arguments.',
  '',
  '  --engine NAME     pipeline (default, what the kiosk runs), or one engine alone',
  '  --budget-ms MS    stop looking after MS per image, as the kiosk does per camera frame',
  '                    (it uses 15); by default every pass runs, so the answer does not',
  '                    depend on how busy the computer is',
].join('\n');

const usage = usageOf(decodeUsage);

export async function main(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        engine: { type: 'string', default: 'pipeline' },
        'budget-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage(output, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    output.out(decodeUsage);
    return exitCode.ok;
  }
  const engine = values.engine;
  if (!isKioskEngineChoice(engine)) {
    return usage(output, `Unknown engine "${engine}"; use ${kioskEngineChoices.join(', ')}.`);
  }
  const budgetMs = values['budget-ms'] === undefined ? Infinity : Number(values['budget-ms']);
  if (!(budgetMs > 0)) {
    return usage(output, `The budget "${values['budget-ms']}" is not a number of milliseconds.`);
  }
  if (files.length === 0) return usage(output, 'Give at least one image file.');

  // No budget unless asked: a still image gets one look, and a cold start (the first call
  // compiles the WebAssembly) or a busy machine must not change what is printed.
  const decoder = await createKioskDecoder({ engine, wasm: await wasmFor(engine), budgetMs });
  let failed = false;
  for (const file of files) {
    try {
      const found = await decoder.decode(await readImage(file));
      output.out(`${file}\t${found ? printable(found.text) : '-'}`);
    } catch (error) {
      // The line still comes, so a script reading stdout sees every file it gave.
      output.out(`${file}\t-`);
      output.error(`Cannot read ${file}: ${error instanceof Error ? error.message : error}`);
      failed = true;
    }
  }
  return failed ? exitCode.failed : exitCode.ok;
}

/** The reader's .wasm from the installed package, never from the network. */
async function wasmFor(engine: KioskEngineChoice): Promise<{ binary?: Uint8Array }> {
  if (engine === 'zxing-js') return {};
  const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  return { binary: new Uint8Array(await readFile(file)) };
}

/**
 * The text on one line: tabs and line breaks (which a QR code may hold) written as \t, \n
 * and \r, so every file still gets exactly one line of output.
 */
export function printable(text: string): string {
  return text.replace(/[\t\n\r]/g, (character) =>
    character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
  );
}

await runIfEntryPoint(import.meta.url, main);
