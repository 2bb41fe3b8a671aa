// Compares two heap snapshots of the same process (heap-snapshot.ts reads them): per class,
// how the count, self size and retained size changed; and the objects made after the first that
// are still alive in the second, charged to the nearest object that already existed and
// dominates them — the retainer that grew — with a path of references from the root to it.
//   npx tsx test/soak/heap-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot [--top 25]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readHeapSnapshot, type HeapGraph } from './heap-snapshot';

export interface ClassDelta {
  name: string;
  count: [number, number];
  selfSize: [number, number];
  retained: [number, number];
}

export interface GrowingRetainer {
  /** The holder that existed in the first snapshot. */
  name: string;
  id: number;
  /** Objects made since the first snapshot, alive in the second, that it dominates. */
  newObjects: number;
  newBytes: number;
  retainedBefore: number;
  retainedAfter: number;
  /** Classes of those new objects, largest first. */
  newClasses: { name: string; count: number; bytes: number }[];
  /** A shortest chain of references from the root down to the holder. */
  path: string[];
}

export interface HeapDiff {
  totals: { count: [number, number]; bytes: [number, number] };
  /** Objects alive in the second that the first did not have (V8's code apart). */
  newObjects: { count: number; bytes: number; codeBytes: number };
  classes: ClassDelta[];
  retainers: GrowingRetainer[];
}

export async function diffHeapSnapshots(before: string, after: string): Promise<HeapDiff> {
  const first = await readHeapSnapshot(before);
  const second = await readHeapSnapshot(after);
  return diffGraphs(first, second);
}

export function diffGraphs(first: HeapGraph, second: HeapGraph): HeapDiff {
  const byClass = new Map<string, ClassDelta>();
  const tally = (graph: HeapGraph, side: 0 | 1) => {
    // Retained size per class counts an object only when no object of its class dominates it.
    for (const node of graph.order) {
      const klass = graph.classOf[node] ?? 0;
      // The root and its groups ("(GC roots)"…) retain everything: not a class that grows.
      if (graph.unmatched[node] && (graph.classes[klass] ?? '').startsWith('(synthetic)')) continue;
      const shadowed = dominatedBySame(graph, graph.dominator[node] ?? -1, klass);
      const name = graph.classes[klass] ?? '?';
      const row = byClass.get(name) ?? {
        name,
        count: [0, 0],
        selfSize: [0, 0],
        retained: [0, 0],
      };
      row.count[side] += 1;
      row.selfSize[side] += graph.selfSize[node] ?? 0;
      if (!shadowed) row.retained[side] += graph.retained[node] ?? 0;
      byClass.set(name, row);
    }
  };
  tally(first, 0);
  tally(second, 1);

  const existed = new Set<number>();
  for (const node of first.order) existed.add(first.id[node] ?? 0);
  const firstRetained = new Map<number, number>();
  for (const node of first.order) firstRetained.set(first.id[node] ?? 0, first.retained[node] ?? 0);
  // The nearest old dominator of each node, parents first (order is dominators first).
  const anchor = new Int32Array(second.count).fill(-1);
  const charged = new Map<
    number,
    { count: number; bytes: number; classes: Map<number, number[]> }
  >();
  const code = second.classes.indexOf('(compiled code)');
  let codeBytes = 0;
  let newCount = 0;
  let newBytes = 0;
  for (const node of second.order) {
    if (second.unmatched[node] || existed.has(second.id[node] ?? 0)) {
      anchor[node] = node;
      continue;
    }
    // V8's code (bytecode, optimised code, feedback) grows as functions warm up; it is counted
    // in the class table and apart here, so the retainers show what the program keeps.
    if (second.classOf[node] === code) {
      codeBytes += second.selfSize[node] ?? 0;
      anchor[node] = node;
      continue;
    }
    const up = second.dominator[node] ?? -1;
    const holder = up >= 0 ? (anchor[up] ?? 0) : 0;
    anchor[node] = holder;
    const bytes = second.selfSize[node] ?? 0;
    newCount += 1;
    newBytes += bytes;
    const entry = charged.get(holder) ?? { count: 0, bytes: 0, classes: new Map() };
    entry.count += 1;
    entry.bytes += bytes;
    const klass = second.classOf[node] ?? 0;
    const perClass = entry.classes.get(klass) ?? [0, 0];
    perClass[0] = (perClass[0] ?? 0) + 1;
    perClass[1] = (perClass[1] ?? 0) + bytes;
    entry.classes.set(klass, perClass);
    charged.set(holder, entry);
  }
  const retainers = [...charged.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, 40)
    .map(([holder, entry]): GrowingRetainer => {
      const id = second.id[holder] ?? 0;
      return {
        name: second.classes[second.classOf[holder] ?? 0] ?? '?',
        id,
        newObjects: entry.count,
        newBytes: entry.bytes,
        retainedBefore: firstRetained.get(id) ?? 0,
        retainedAfter: second.retained[holder] ?? 0,
        newClasses: [...entry.classes.entries()]
          .sort((a, b) => (b[1][1] ?? 0) - (a[1][1] ?? 0))
          .slice(0, 5)
          .map(([klass, [count = 0, bytes = 0]]) => ({
            name: second.classes[klass] ?? '?',
            count,
            bytes,
          })),
        path: retainerPath(second, holder),
      };
    });
  const sum = (graph: HeapGraph) =>
    graph.order.reduce((total, node) => total + (graph.selfSize[node] ?? 0), 0);
  return {
    totals: { count: [first.order.length, second.order.length], bytes: [sum(first), sum(second)] },
    newObjects: { count: newCount, bytes: newBytes, codeBytes },
    classes: [...byClass.values()],
    retainers,
  };
}

/** Whether a node of class `klass` sits on the dominator chain from `from` up. */
function dominatedBySame(graph: HeapGraph, from: number, klass: number): boolean {
  // Walks at most 64 steps: deeper chains of one class are rare and only blur the sum a little.
  let node = from;
  for (let steps = 0; node >= 0 && steps < 64; steps += 1) {
    if ((graph.classOf[node] ?? -1) === klass) return true;
    node = graph.dominator[node] ?? -1;
  }
  return false;
}

function retainerPath(graph: HeapGraph, node: number): string[] {
  const chain = graph.pathTo(node);
  return chain.map((at, index) => {
    const via = index > 0 ? (graph.edgeName(chain[index - 1] ?? 0, at) ?? '?') : '';
    return `${via} ${graph.classes[graph.classOf[at] ?? 0] ?? '?'} @${graph.id[at] ?? 0}`.trim();
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const signed = (value: number, unit = (x: number) => String(x)) =>
  `${value >= 0 ? '+' : '-'}${unit(Math.abs(value))}`;

export function formatHeapDiff(diff: HeapDiff, top = 20): string {
  const lines: string[] = [];
  const [countA, countB] = diff.totals.count;
  const [bytesA, bytesB] = diff.totals.bytes;
  lines.push(
    `Heap: ${countA} → ${countB} objects, ${kb(bytesA)} → ${kb(bytesB)} (${signed(bytesB - bytesA, kb)}); ` +
      `made since and still alive: ${diff.newObjects.count} objects, ${kb(diff.newObjects.bytes)} ` +
      `and ${kb(diff.newObjects.codeBytes)} of V8 code`,
  );
  lines.push('', 'Classes that grew most (retained size; count; self size):');
  const growth = (row: ClassDelta) => row.retained[1] - row.retained[0];
  for (const row of [...diff.classes].sort((a, b) => growth(b) - growth(a)).slice(0, top)) {
    lines.push(
      `  ${signed(growth(row), kb).padStart(12)}  ${signed(row.count[1] - row.count[0]).padStart(7)} ` +
        `(${row.count[0]} → ${row.count[1]})  self ${signed(row.selfSize[1] - row.selfSize[0], kb)}  ${row.name}`,
    );
  }
  lines.push('', 'Classes whose count grew most:');
  const added = (row: ClassDelta) => row.count[1] - row.count[0];
  for (const row of [...diff.classes].sort((a, b) => added(b) - added(a)).slice(0, top / 2)) {
    if (added(row) <= 0) break;
    lines.push(
      `  ${signed(added(row)).padStart(7)} (${row.count[0]} → ${row.count[1]})  ` +
        `self ${signed(row.selfSize[1] - row.selfSize[0], kb)}  ${row.name}`,
    );
  }
  lines.push('', 'Retainers of what was made since (nearest holder that already existed):');
  for (const holder of diff.retainers.slice(0, Math.ceil(top / 2))) {
    lines.push(
      `  ${kb(holder.newBytes).padStart(10)} in ${holder.newObjects} new objects held by ${holder.name} @${holder.id} ` +
        `(retains ${kb(holder.retainedBefore)} → ${kb(holder.retainedAfter)})`,
    );
    lines.push(
      `      new: ${holder.newClasses.map((c) => `${c.name} ×${c.count} ${kb(c.bytes)}`).join(', ')}`,
    );
    lines.push(`      path: ${holder.path.join(' → ')}`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { top: { type: 'string', default: '20' } },
    allowPositionals: true,
  });
  const [before, after] = positionals;
  if (before === undefined || after === undefined) {
    console.error(
      'usage: tsx test/soak/heap-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot [--top N]',
    );
    return 2;
  }
  const diff = await diffHeapSnapshots(path.resolve(before), path.resolve(after));
  console.log(formatHeapDiff(diff, Number(values.top)));
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
