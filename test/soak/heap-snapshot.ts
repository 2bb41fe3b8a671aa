// Reads a V8 .heapsnapshot (the JSON Node's v8.writeHeapSnapshot and DevTools write) into flat
// arrays and works out what DevTools shows: each object's class name, its dominator (the one
// object every path from the root to it passes through, weak edges ignored) and retained size
// (what would be freed with it). Cooper, Harvey & Kennedy's iterative algorithm, as DevTools.
import { readFile } from 'node:fs/promises';

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGraph {
  count: number;
  /** Per node (index 0 is the synthetic root). */
  id: Float64Array;
  selfSize: Float64Array;
  classOf: Int32Array;
  /**
   * Synthetic nodes and Node's embedder nodes ("Node / …"): their ids are made afresh for each
   * snapshot, so they cannot be matched between two; everything else keeps its id.
   */
  unmatched: Uint8Array;
  /** Distinct class names; classOf indexes this. */
  classes: string[];
  /** Dominator's index; -1 for nodes the root does not reach over strong edges. */
  dominator: Int32Array;
  retained: Float64Array;
  /** Node indices in reverse post-order (root first): a dominator before what it dominates. */
  order: Int32Array;
  /** The edge from `from` to `to`, named as DevTools does (`.name`, `[3]`, `{context}`). */
  edgeName(from: number, to: number): string | null;
  /** A shortest chain of strong references from the root to `node` (nodes, root first). */
  pathTo(node: number): number[];
}

export async function readHeapSnapshot(file: string): Promise<HeapGraph> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as RawSnapshot;
  return analyse(raw);
}

function analyse(raw: RawSnapshot): HeapGraph {
  const { meta } = raw.snapshot;
  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const field = (name: string) => meta.node_fields.indexOf(name);
  const [typeAt, nameAt, idAt, sizeAt, edgeCountAt] = [
    field('type'),
    field('name'),
    field('id'),
    field('self_size'),
    field('edge_count'),
  ];
  const edgeTypeAt = meta.edge_fields.indexOf('type');
  const edgeNameAt = meta.edge_fields.indexOf('name_or_index');
  const edgeToAt = meta.edge_fields.indexOf('to_node');
  const weak = edgeTypes.indexOf('weak');
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nodeWidth;

  const id = new Float64Array(count);
  const selfSize = new Float64Array(count);
  const classOf = new Int32Array(count);
  const unmatched = new Uint8Array(count);
  const firstEdge = new Int32Array(count + 1);
  const classes: string[] = [];
  const classIndex = new Map<string, number>();
  for (let node = 0, edge = 0; node < count; node += 1) {
    const base = node * nodeWidth;
    id[node] = nodes[base + idAt] ?? 0;
    selfSize[node] = nodes[base + sizeAt] ?? 0;
    firstEdge[node] = edge;
    edge += (nodes[base + edgeCountAt] ?? 0) * edgeWidth;
    firstEdge[node + 1] = edge;
    const type = nodeTypes[nodes[base + typeAt] ?? 0] ?? '?';
    const rawName = strings[nodes[base + nameAt] ?? 0] ?? '';
    unmatched[node] = type === 'synthetic' || rawName.startsWith('Node / ') ? 1 : 0;
    const name = className(type, rawName);
    let index = classIndex.get(name);
    if (index === undefined) {
      index = classes.push(name) - 1;
      classIndex.set(name, index);
    }
    classOf[node] = index;
  }
  const target = (edge: number) => (edges[edge + edgeToAt] ?? 0) / nodeWidth;
  const strong = (edge: number) => edges[edge + edgeTypeAt] !== weak;

  // Post-order over strong edges from the root, without recursion.
  const post = new Int32Array(count).fill(-1);
  const order: number[] = [];
  const visited = new Uint8Array(count);
  const stack: number[] = [0];
  const cursor = new Int32Array(count);
  visited[0] = 1;
  for (let node = 0; node < count; node += 1) cursor[node] = firstEdge[node] ?? 0;
  while (stack.length > 0) {
    const node = stack[stack.length - 1] ?? 0;
    const end = firstEdge[node + 1] ?? 0;
    let pushed = false;
    while ((cursor[node] ?? 0) < end) {
      const edge = cursor[node] ?? 0;
      cursor[node] = edge + edgeWidth;
      if (!strong(edge)) continue;
      const to = target(edge);
      if (visited[to]) continue;
      visited[to] = 1;
      stack.push(to);
      pushed = true;
      break;
    }
    if (!pushed) {
      stack.pop();
      post[node] = order.length;
      order.push(node);
    }
  }

  // Predecessors over strong edges, reachable nodes only, as CSR arrays.
  const predCount = new Int32Array(count + 1);
  for (let node = 0; node < count; node += 1) {
    if (post[node] === -1) continue;
    for (let edge = firstEdge[node] ?? 0; edge < (firstEdge[node + 1] ?? 0); edge += edgeWidth) {
      if (strong(edge)) predCount[target(edge) + 1] = (predCount[target(edge) + 1] ?? 0) + 1;
    }
  }
  for (let node = 0; node < count; node += 1) {
    predCount[node + 1] = (predCount[node + 1] ?? 0) + (predCount[node] ?? 0);
  }
  const preds = new Int32Array(predCount[count] ?? 0);
  const fill = predCount.slice();
  for (let node = 0; node < count; node += 1) {
    if (post[node] === -1) continue;
    for (let edge = firstEdge[node] ?? 0; edge < (firstEdge[node + 1] ?? 0); edge += edgeWidth) {
      if (!strong(edge)) continue;
      const to = target(edge);
      preds[fill[to] ?? 0] = node;
      fill[to] = (fill[to] ?? 0) + 1;
    }
  }

  // Dominators by post-order numbers: idom[root] = root; iterate to a fixed point.
  const rootPost = post[0] ?? 0;
  const idom = new Int32Array(order.length).fill(-1);
  idom[rootPost] = rootPost;
  const intersect = (a: number, b: number) => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (x < y) x = idom[x] ?? rootPost;
      while (y < x) y = idom[y] ?? rootPost;
    }
    return x;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let p = order.length - 2; p >= 0; p -= 1) {
      const node = order[p] ?? 0;
      let chosen = -1;
      for (let i = predCount[node] ?? 0; i < (predCount[node + 1] ?? 0); i += 1) {
        const pred = post[preds[i] ?? 0] ?? -1;
        if (pred === -1 || idom[pred] === -1) continue;
        chosen = chosen === -1 ? pred : intersect(pred, chosen);
      }
      if (chosen !== -1 && idom[p] !== chosen) {
        idom[p] = chosen;
        changed = true;
      }
    }
  }
  const dominator = new Int32Array(count).fill(-1);
  const retained = new Float64Array(count);
  for (let p = 0; p < order.length; p += 1) {
    const node = order[p] ?? 0;
    dominator[node] = order[idom[p] ?? rootPost] ?? 0;
    retained[node] = selfSize[node] ?? 0;
  }
  // Post-order: everything a node dominates comes before it.
  for (let p = 0; p < order.length - 1; p += 1) {
    const node = order[p] ?? 0;
    const up = dominator[node] ?? 0;
    retained[up] = (retained[up] ?? 0) + (retained[node] ?? 0);
  }
  dominator[0] = -1;

  // Breadth first from the root, made the first time a path is asked for.
  let parent: Int32Array | null = null;
  const pathTo = (node: number): number[] => {
    if (parent === null) {
      const seen = new Int32Array(count).fill(-1);
      seen[0] = 0;
      const queue = new Int32Array(count);
      let tail = 1;
      for (let head = 0; head < tail; head += 1) {
        const from = queue[head] ?? 0;
        for (
          let edge = firstEdge[from] ?? 0;
          edge < (firstEdge[from + 1] ?? 0);
          edge += edgeWidth
        ) {
          const to = target(edge);
          if (!strong(edge) || seen[to] !== -1) continue;
          seen[to] = from;
          queue[tail++] = to;
        }
      }
      parent = seen;
    }
    const chain: number[] = [];
    for (let at = node; at > 0 && chain.length < 40; at = parent[at] ?? 0) chain.push(at);
    return chain.reverse();
  };

  return {
    count,
    pathTo,
    id,
    selfSize,
    classOf,
    unmatched,
    classes,
    dominator,
    retained,
    order: Int32Array.from(order.reverse()),
    edgeName(from, to) {
      for (let edge = firstEdge[from] ?? 0; edge < (firstEdge[from + 1] ?? 0); edge += edgeWidth) {
        if (target(edge) !== to) continue;
        const type = edgeTypes[edges[edge + edgeTypeAt] ?? 0] ?? '?';
        const nameOrIndex = edges[edge + edgeNameAt] ?? 0;
        if (type === 'element' || type === 'hidden') return `[${nameOrIndex}]`;
        const name = strings[nameOrIndex] ?? '?';
        return type === 'context' ? `{${name}}` : type === 'internal' ? `(${name})` : `.${name}`;
      }
      return null;
    },
  };
}

/** DevTools' grouping: constructors by name, the rest by kind. */
function className(type: string, name: string): string {
  switch (type) {
    case 'object':
    case 'native':
      return name || `(${type})`;
    case 'closure':
      return `${name || '(anonymous)'}()`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'code':
      return '(compiled code)';
    case 'number':
      return '(heap number)';
    case 'regexp':
      return 'RegExp';
    case 'array':
    case 'hidden':
    case 'synthetic':
      return `(${type}) ${name.replace(/\s+/g, ' ').slice(0, 60)}`;
    default:
      return `(${type})`;
  }
}
