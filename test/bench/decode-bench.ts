// `npm run bench:decode [-- --seed N --count N --repetitions N --budget-ms N]`: each engine
// alone and the kiosk's full pipeline on the same seeded gate frames (test/rigs/gate-frames.ts),
// on one core, each frame on its own; then the pipeline as the kiosk runs it, on one fixed
// camera that has seen the empty scene before the card shows. Prints codes found, false
// positives and times as Markdown; asserts nothing.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { DecodedCode, RgbaFrame } from '../../renderer/scanner/decode/engine';
import { createKioskDecoder } from '../../renderer/scanner/decode/kiosk-pipeline';
import { gateFrameSet, renderGateFrame, type GateFrameCase } from '../rigs/gate-frames';

interface Decoder {
  name: string;
  decode(frame: RgbaFrame): Promise<DecodedCode | null>;
}

interface FrameResult {
  item: GateFrameCase;
  found: DecodedCode | null;
  /** Median over the repetitions, milliseconds. */
  milliseconds: number;
  /** A later repetition answered differently from the first. */
  unstable: boolean;
}

interface SteadyResult {
  item: GateFrameCase;
  /** What the frame itself gave, after the scene alone was seen. */
  found: DecodedCode | null;
  /** Each frame of the scene alone, milliseconds, in order. */
  sceneMilliseconds: number[];
  /** A code read from the scene alone. */
  sceneFalsePositives: number;
}

const targets = { withCodeMedian: 20, emptyMedian: 8 };
/** Frames of the scene alone before the frame itself: an empty lane seen for a second. */
const steadySceneFrames = { empty: 16, withCode: 4 };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '20260915' },
      count: { type: 'string', default: '66' },
      repetitions: { type: 'string', default: '3' },
      'budget-ms': { type: 'string' },
    },
  });
  const seed = wholeNumber(values.seed, 'seed');
  const count = wholeNumber(values.count, 'count');
  const repetitions = Math.max(1, wholeNumber(values.repetitions, 'repetitions'));
  const budgetMs =
    values['budget-ms'] === undefined ? undefined : wholeNumber(values['budget-ms'], 'budget-ms');

  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `machine: ${cpu}, ${os.cpus().length} cores (one used), ${os.platform()} ${os.release()}`,
  );
  console.log(
    `node ${process.version}, seed ${seed}, ${repetitions} timed repetitions per frame, ` +
      `pipeline budget ${budgetMs === undefined ? 'the kiosk default' : `${budgetMs} ms`}`,
  );
  const generationStart = performance.now();
  const cases = gateFrameSet(seed, { count });
  const withCode = cases.filter((item) => item.expected !== null).length;
  console.log(
    `frames: ${cases.length} (${withCode} with a code, ${cases.length - withCode} empty), ` +
      `1280×720, generated in ${Math.round(performance.now() - generationStart)} ms`,
  );

  const binary = await readReaderWasm();
  const decoders = await createDecoders(binary, budgetMs);
  const results = new Map<string, FrameResult[]>();
  for (const decoder of decoders) {
    results.set(decoder.name, await measure(decoder, cases, repetitions));
  }
  console.log();
  printSummary(decoders, results, withCode);
  console.log();
  printKinds(decoders, results);
  console.log();
  const missed = printComparison(results);

  const steady = await measureSteady(cases, binary, budgetMs);
  console.log();
  const steadyMissed = printSteady(steady, results.get('pipeline') ?? [], withCode);
  printTargets(results, steady, missed, steadyMissed);
}

async function readReaderWasm(): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  return new Uint8Array(await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')));
}

/**
 * Each settings choice as the kiosk builds it (same formats, same wasm options): the two
 * engines alone, one call per frame, and the full pipeline.
 */
async function createDecoders(
  binary: Uint8Array,
  budgetMs: number | undefined,
): Promise<Decoder[]> {
  const choices = ['zxing-js', 'zxing-wasm', 'pipeline'] as const;
  return Promise.all(
    choices.map(async (engine) => {
      const decoder = await createKioskDecoder({ engine, wasm: { binary }, budgetMs });
      return { name: engine, decode: (frame: RgbaFrame) => decoder.decode(frame) };
    }),
  );
}

/** Warms up on a few frames, then times every frame `repetitions` times. */
async function measure(
  decoder: Decoder,
  cases: GateFrameCase[],
  repetitions: number,
): Promise<FrameResult[]> {
  for (const item of cases.slice(0, 8)) await decoder.decode(item.frame);
  const results: FrameResult[] = [];
  for (const item of cases) {
    const times: number[] = [];
    let first: DecodedCode | null | undefined;
    let unstable = false;
    for (let repetition = 0; repetition < repetitions; repetition += 1) {
      const started = performance.now();
      const found = await decoder.decode(item.frame);
      times.push(performance.now() - started);
      if (first === undefined) first = found;
      else if (found?.text !== first?.text) unstable = true;
    }
    results.push({ item, found: first ?? null, milliseconds: median(times), unstable });
  }
  return results;
}

/**
 * The kiosk's own case, one fixed camera: the frame's scene without the card, seen for a while
 * (fresh sensor noise on every frame), then the frame itself, through a new steady-camera
 * pipeline per frame. The scene frames are the empty frames a gate sees most of the day.
 */
async function measureSteady(
  cases: GateFrameCase[],
  binary: Uint8Array,
  budgetMs: number | undefined,
): Promise<SteadyResult[]> {
  const results: SteadyResult[] = [];
  for (const item of cases) {
    const decoder = await createKioskDecoder({
      engine: 'pipeline',
      wasm: { binary },
      budgetMs,
      steadyCamera: true,
    });
    const count = item.expected === null ? steadySceneFrames.empty : steadySceneFrames.withCode;
    const sceneMilliseconds: number[] = [];
    let sceneFalsePositives = 0;
    for (let index = 1; index <= count; index += 1) {
      const frame = renderGateFrame({ ...item.options, text: null, noiseSeed: 1000 + index });
      const started = performance.now();
      const found = await decoder.decode(frame);
      sceneMilliseconds.push(performance.now() - started);
      if (found) sceneFalsePositives += 1;
    }
    results.push({
      item,
      found: await decoder.decode(item.frame),
      sceneMilliseconds,
      sceneFalsePositives,
    });
  }
  return results;
}

function isHit(result: FrameResult): boolean {
  return result.item.expected !== null && result.found?.text === result.item.expected;
}

/** A code read from an empty frame, or the wrong text read from a frame with a code. */
function isFalsePositive(result: FrameResult): boolean {
  return result.found !== null && result.found.text !== result.item.expected;
}

function printSummary(
  decoders: Decoder[],
  results: Map<string, FrameResult[]>,
  withCode: number,
): void {
  printTable(
    [
      'decoder',
      'codes found',
      'false positives',
      'median ms (code)',
      'p95 ms (code)',
      'median ms (empty)',
    ],
    decoders.map((decoder) => {
      const rows = results.get(decoder.name) ?? [];
      const coded = rows.filter((row) => row.item.expected !== null).map((row) => row.milliseconds);
      const empty = rows.filter((row) => row.item.expected === null).map((row) => row.milliseconds);
      return [
        decoder.name,
        `${rows.filter(isHit).length}/${withCode}`,
        String(rows.filter(isFalsePositive).length),
        format(median(coded)),
        format(percentile(coded, 0.95)),
        format(median(empty)),
      ];
    }),
  );
}

/** Codes found and median time per kind of frame: which difficulties fail, which cost. */
function printKinds(decoders: Decoder[], results: Map<string, FrameResult[]>): void {
  const kinds = [...new Set(framesOf(results).map((item) => item.kind))];
  printTable(
    ['kind', 'frames', ...decoders.map((decoder) => decoder.name)],
    kinds.map((kind) => {
      const frames = framesOf(results).filter((item) => item.kind === kind);
      const empty = frames[0]?.expected === null;
      return [
        kind,
        String(frames.length),
        ...decoders.map((decoder) => {
          const rows = (results.get(decoder.name) ?? []).filter((row) => row.item.kind === kind);
          const time = format(median(rows.map((row) => row.milliseconds)));
          return empty
            ? `${rows.filter(isFalsePositive).length} false, ${time} ms`
            : `${rows.filter(isHit).length} found, ${time} ms`;
        }),
      ];
    }),
  );
}

/** Which frames set the pipeline apart from the engines alone, and the issue's targets. */
function printComparison(results: Map<string, FrameResult[]>): number {
  const engines = [...results.keys()].filter((name) => name !== 'pipeline');
  const hitBy = (name: string): Set<string> =>
    new Set((results.get(name) ?? []).filter(isHit).map((row) => row.item.name));
  const byPipeline = hitBy('pipeline');
  const byEngine = new Map(engines.map((name) => [name, hitBy(name)]));
  const byNoEngine = (name: string): boolean =>
    [...byEngine.values()].every((names) => !names.has(name));
  const missed = [...byEngine].flatMap(([engine, names]) =>
    [...names].filter((name) => !byPipeline.has(name)).map((name) => `${name} (${engine})`),
  );
  printList('missed by the pipeline but found by an engine alone (target: none)', missed);
  printList('found only by the pipeline', [...byPipeline].filter(byNoEngine));
  printList(
    'found by nobody',
    framesOf(results)
      .filter((item) => item.expected !== null && !byPipeline.has(item.name))
      .map((item) => item.name)
      .filter(byNoEngine),
  );
  printList(
    'false positives',
    [...results].flatMap(([decoder, rows]) =>
      rows
        .filter(isFalsePositive)
        .map((row) => `${row.item.name} (${decoder}: "${row.found?.text}")`),
    ),
  );
  printList(
    'answered differently on a repeat (the first answer is counted)',
    [...results].flatMap(([decoder, rows]) =>
      rows.filter((row) => row.unstable).map((row) => `${row.item.name} (${decoder})`),
    ),
  );
  const pipeline = results.get('pipeline') ?? [];
  const passes = new Map<string, number>();
  for (const row of pipeline.filter(isHit)) {
    const pass = row.found?.engine ?? 'unknown';
    passes.set(pass, (passes.get(pass) ?? 0) + 1);
  }
  const tally = [...passes].map(([pass, hits]) => `${pass} ${hits}`).join(', ');
  console.log(`pipeline codes by the pass that found them: ${tally}`);
  return missed.length;
}

/** The steady camera's table, and the codes it lost by learning the scene (returned). */
function printSteady(steady: SteadyResult[], single: FrameResult[], withCode: number): number {
  console.log(
    `steady camera: the scene alone seen for ${steadySceneFrames.empty} frames (empty) or ` +
      `${steadySceneFrames.withCode} (then the card), the kiosk's pipeline learning it`,
  );
  const emptyTimes = steady
    .filter((row) => row.item.expected === null)
    .flatMap((row) => row.sceneMilliseconds);
  const hits = steady.filter((row) => isHit({ ...row, milliseconds: 0, unstable: false }));
  const falsePositives =
    steady.reduce((sum, row) => sum + row.sceneFalsePositives, 0) +
    steady.filter((row) => row.found !== null && row.found.text !== row.item.expected).length;
  printTable(
    ['decoder', 'codes found', 'false positives', 'median ms (empty)', 'p95 ms (empty)'],
    [
      [
        'pipeline, steady camera',
        `${hits.length}/${withCode}`,
        String(falsePositives),
        format(median(emptyTimes)),
        format(percentile(emptyTimes, 0.95)),
      ],
    ],
  );
  const steadyHits = new Set(hits.map((row) => row.item.name));
  const lost = single
    .filter((row) => isHit(row) && !steadyHits.has(row.item.name))
    .map((row) => row.item.name);
  printList('found on a frame alone but not on the steady camera (target: none)', lost);
  return lost.length;
}

function printTargets(
  results: Map<string, FrameResult[]>,
  steady: SteadyResult[],
  missed: number,
  steadyMissed: number,
): void {
  const pipeline = results.get('pipeline') ?? [];
  const pipelineHits = pipeline.filter(isHit).length;
  const wasmHits = (results.get('zxing-wasm') ?? []).filter(isHit).length;
  const coded = median(
    pipeline.filter((row) => row.item.expected !== null).map((row) => row.milliseconds),
  );
  const empty = median(
    pipeline.filter((row) => row.item.expected === null).map((row) => row.milliseconds),
  );
  const steadyEmpty = median(
    steady.filter((row) => row.item.expected === null).flatMap((row) => row.sceneMilliseconds),
  );
  console.log('\ntargets (issue 3):');
  verdict('pipeline finds every code an engine alone finds', missed === 0);
  verdict('the steady camera finds every code the pipeline finds alone', steadyMissed === 0);
  verdict(
    `pipeline finds more than zxing-wasm alone (${pipelineHits} vs ${wasmHits})`,
    pipelineHits > wasmHits,
  );
  verdict(
    `pipeline median ≤ ${targets.withCodeMedian} ms per frame with a code (${format(coded)})`,
    coded <= targets.withCodeMedian,
  );
  verdict(
    `median ≤ ${targets.emptyMedian} ms per empty frame on the kiosk's steady camera ` +
      `(${format(steadyEmpty)}; a scene never seen before: ${format(empty)})`,
    steadyEmpty <= targets.emptyMedian,
  );
}

function framesOf(results: Map<string, FrameResult[]>): GateFrameCase[] {
  return ([...results.values()][0] ?? []).map((row) => row.item);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

function printList(title: string, names: string[]): void {
  console.log(`${title}: ${names.length === 0 ? 'none' : names.length}`);
  for (const name of names) console.log(`  ${name}`);
}

function verdict(statement: string, met: boolean): void {
  console.log(`  ${met ? 'met    ' : 'NOT met'}  ${statement}`);
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

function format(milliseconds: number): string {
  return Number.isNaN(milliseconds) ? '-' : milliseconds.toFixed(1);
}

function wholeNumber(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

await main();
