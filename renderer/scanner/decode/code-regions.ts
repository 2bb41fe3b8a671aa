// Finds where in a frame a code could be: busy blocks (busy-blocks.ts) grouped into regions of
// at most a code's size, best first. No region, no expensive pass: this keeps an empty frame
// cheap. Pure compute on a grey image; it must stay a fraction of a millisecond per frame.
import { mapBusyBlocks, type BusyMap, type BusyOptions } from './busy-blocks';
import type { GreyImage, Rectangle } from './engine';

export interface CodeRegion extends Rectangle {
  /** Sharp steps counted inside the region. */
  score: number;
  /** Blocks in the region. */
  blocks: number;
}

export interface RegionOptions extends BusyOptions {
  /** Regions are cut down to their densest part of at most this size (pixels). */
  maxWidth?: number;
  maxHeight?: number;
  /** At most this many regions, best first. */
  limit?: number;
}

/**
 * Regions of busy blocks, best (densest, nearest the middle) first. Busy blocks are grouped
 * when at most one block apart up and down, two across: at half size the thinnest bars of a
 * small code blur away and leave gaps inside it, widest along a 1-D code.
 */
export function findCodeRegions(
  image: GreyImage,
  options: RegionOptions = {},
  map: BusyMap = mapBusyBlocks(image, options),
): CodeRegion[] {
  const { block, columns, rows, counts } = map;
  if (columns === 0 || rows === 0) return [];
  const maxColumns = Math.max(1, Math.round((options.maxWidth ?? image.width) / block));
  const maxRows = Math.max(1, Math.round((options.maxHeight ?? image.height) / block));
  const windows = groupBlocks(map).flatMap((group) =>
    densestWindows(counts, columns, group, maxColumns, maxRows),
  );
  const ranked = windows.map((window) => ({
    region: {
      left: window.left * block,
      top: window.top * block,
      width: (window.right - window.left + 1) * block,
      height: (window.bottom - window.top + 1) * block,
      score: window.score,
      blocks: window.blocks,
    },
    rank: rankOf(window, block, image),
  }));
  ranked.sort((first, second) => second.rank - first.rank);
  return ranked.slice(0, options.limit ?? 3).map(({ region }) => region);
}

/** Steps per block, less off the middle (where cards are shown) and for thin lines. */
function rankOf(window: BlockGroup, block: number, image: GreyImage): number {
  const centreX = ((window.left + window.right + 1) / 2) * block;
  const centreY = ((window.top + window.bottom + 1) / 2) * block;
  // Up to half the rank lost at the edge of the frame.
  const offCentre = Math.hypot(
    (centreX - image.width / 2) / image.width,
    (centreY - image.height / 2) / image.height,
  );
  // A line one or two blocks thin (a fence post, an edge) is no code: even a small code is
  // about 40 pixels across both ways, three blocks or more.
  const thinness = Math.min(window.right - window.left, window.bottom - window.top) + 1;
  return (
    (window.score / window.blocks) * (1 - Math.min(0.5, offCentre)) * Math.min(1, thinness / 3)
  );
}

/**
 * The parts of a group no larger than maxColumns x maxRows blocks with the most steps: the
 * densest, then the densest overlapping it by less than half. A small code on a fence or next
 * to a printed notice merges with them into one busy group; the code is one of its densest
 * parts, and bounded windows keep the later passes cheap.
 */
function densestWindows(
  counts: Uint32Array,
  columns: number,
  group: BlockGroup,
  maxColumns: number,
  maxRows: number,
): BlockGroup[] {
  const groupWidth = group.right - group.left + 1;
  const groupHeight = group.bottom - group.top + 1;
  const width = Math.min(groupWidth, maxColumns);
  const height = Math.min(groupHeight, maxRows);
  if (width === groupWidth && height === groupHeight) return [group];
  // Prefix sums over the group's bounding box, one row and column of zeros in front.
  const stride = groupWidth + 1;
  const sums = new Float64Array(stride * (groupHeight + 1));
  for (let row = 0; row < groupHeight; row += 1) {
    for (let column = 0; column < groupWidth; column += 1) {
      const count = counts[(group.top + row) * columns + group.left + column] as number;
      sums[(row + 1) * stride + column + 1] =
        count +
        (sums[row * stride + column + 1] as number) +
        (sums[(row + 1) * stride + column] as number) -
        (sums[row * stride + column] as number);
    }
  }
  const sumAt = (left: number, top: number): number =>
    (sums[(top + height) * stride + left + width] as number) -
    (sums[top * stride + left + width] as number) -
    (sums[(top + height) * stride + left] as number) +
    (sums[top * stride + left] as number);
  const chosen: { left: number; top: number; score: number }[] = [];
  for (let pick = 0; pick < 2; pick += 1) {
    let best = { left: -1, top: -1, score: -1 };
    for (let top = 0; top + height <= groupHeight; top += 1) {
      for (let left = 0; left + width <= groupWidth; left += 1) {
        const overlaps = chosen.some(
          (other) =>
            Math.max(0, width - Math.abs(other.left - left)) *
              Math.max(0, height - Math.abs(other.top - top)) *
              2 >
            width * height,
        );
        const score = overlaps ? -1 : sumAt(left, top);
        if (score > best.score) best = { left, top, score };
      }
    }
    if (best.score <= 0) break;
    chosen.push(best);
  }
  return chosen.map((window) => ({
    left: group.left + window.left,
    top: group.top + window.top,
    right: group.left + window.left + width - 1,
    bottom: group.top + window.top + height - 1,
    score: window.score,
    blocks: width * height,
  }));
}

interface BlockGroup {
  left: number;
  top: number;
  right: number;
  bottom: number;
  score: number;
  blocks: number;
}

function groupBlocks(map: BusyMap): BlockGroup[] {
  const { busy, counts, columns, rows } = map;
  const groups: BlockGroup[] = [];
  const queue = new Int32Array(busy.length);
  // 1 busy, 2 busy and already in a group: a copy, the map is the caller's.
  const state = busy.slice();
  for (let start = 0; start < state.length; start += 1) {
    if (state[start] !== 1) continue;
    state[start] = 2;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    const group = { left: columns, top: rows, right: 0, bottom: 0, score: 0, blocks: 0 };
    while (head < tail) {
      const index = queue[head++] as number;
      const column = index % columns;
      const row = (index - column) / columns;
      group.left = Math.min(group.left, column);
      group.right = Math.max(group.right, column);
      group.top = Math.min(group.top, row);
      group.bottom = Math.max(group.bottom, row);
      group.score += counts[index] as number;
      group.blocks += 1;
      for (let dy = -2; dy <= 2; dy += 1) {
        for (let dx = -3; dx <= 3; dx += 1) {
          const nextColumn = column + dx;
          const nextRow = row + dy;
          if (nextColumn < 0 || nextRow < 0 || nextColumn >= columns || nextRow >= rows) continue;
          const next = nextRow * columns + nextColumn;
          if (state[next] !== 1) continue;
          state[next] = 2;
          queue[tail++] = next;
        }
      }
    }
    groups.push(group);
  }
  return groups;
}
