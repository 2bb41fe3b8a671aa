// The soaks' command lines (soak.ts, memory-soak.ts): parsed strictly, with --help / -h added.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const help = { help: { type: 'boolean', short: 'h' } } as const;

type SoakArgs<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options & typeof help; strict: true }>
>['values'];

/**
 * The values given, or the exit code when there is nothing to run: 2 after printing the error
 * and usage for bad arguments, 0 after printing the usage for --help.
 */
export function readSoakArgs<const Options extends ParseArgsOptionsConfig>(
  argv: string[],
  options: Options,
  usage: string,
): SoakArgs<Options> | number {
  let values: SoakArgs<Options>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...options, ...help } as Options & typeof help,
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  // The values' type is still open here (Options is generic): help is there, as a boolean.
  if ((values as { help?: boolean }).help) {
    console.log(usage);
    return 0;
  }
  return values;
}
