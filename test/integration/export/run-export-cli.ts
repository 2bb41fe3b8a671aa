// `npm run export` run in the test's process, its printed lines kept apart by stream.
import { main } from '../../../cli/export';

export async function runExport(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, {
    output: { out: (line) => out.push(line), error: (line) => error.push(line) },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}
