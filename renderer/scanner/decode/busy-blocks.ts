// Which blocks of a grey image are busy with sharp light-dark steps, as codes are: the cheap
// "is there anything code-like here" map the decode pipeline looks at before any expensive
// pass. Pure compute; it must stay well under a millisecond on a 640x360 overview.
import type { GreyImage, Rectangle } from './engine';

export interface BusyMap {
  /** Block side, in pixels of the image mapped. */
  block: number;
  columns: number;
  rows: number;
  /** Sharp steps counted per block, row after row. */
  counts: Uint32Array;
  /** 1 where a block is busy. */
  busy: Uint8Array;
}

export interface BusyOptions {
  /** Block side in pixels of the image given. */
  block?: number;
  /** A step between neighbours at least this large counts (grey levels); default: from noise. */
  step?: number;
  /** A block is busy when at least this share of its sampled neighbour pairs are steps. */
  density?: number;
}

export function mapBusyBlocks(image: GreyImage, options: BusyOptions = {}): BusyMap {
  const block = options.block ?? 8;
  const step = options.step ?? stepAboveNoise(image);
  const density = options.density ?? 0.25;
  const columns = Math.floor(image.width / block);
  const rows = Math.floor(image.height / block);
  const counts = countSteps(image, block, step, columns, rows);
  // Each sampled pixel is tested twice (right and down) on every other row and column.
  const pairs = 2 * Math.ceil(block / 2) ** 2;
  const busyAt = Math.max(2, Math.round(density * pairs));
  const busy = new Uint8Array(columns * rows);
  for (let index = 0; index < busy.length; index += 1) {
    busy[index] = (counts[index] as number) >= busyAt ? 1 : 0;
  }
  return { block, columns, rows, counts, busy };
}

/**
 * The smallest rectangle holding every busy block whose centre lies in `within` (pixels of
 * the mapped image), or null when none does: the part of the middle of the frame worth a look.
 */
export function busyBounds(map: BusyMap, within: Rectangle): Rectangle | null {
  const { block, columns } = map;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const firstColumn = Math.max(0, Math.ceil((within.left - block / 2) / block));
  const lastColumn = Math.min(
    columns - 1,
    Math.floor((within.left + within.width - block / 2 - 1e-9) / block),
  );
  const firstRow = Math.max(0, Math.ceil((within.top - block / 2) / block));
  const lastRow = Math.min(
    map.rows - 1,
    Math.floor((within.top + within.height - block / 2 - 1e-9) / block),
  );
  for (let row = firstRow; row <= lastRow; row += 1) {
    for (let column = firstColumn; column <= lastColumn; column += 1) {
      if (map.busy[row * columns + column] !== 1) continue;
      left = Math.min(left, column);
      right = Math.max(right, column);
      top = Math.min(top, row);
      bottom = Math.max(bottom, row);
    }
  }
  if (right < 0) return null;
  return {
    left: left * block,
    top: top * block,
    width: (right - left + 1) * block,
    height: (bottom - top + 1) * block,
  };
}

/**
 * The smallest step that is not sensor noise: three times the median difference between
 * horizontal neighbours (most neighbours are flat, so the median measures the noise), within
 * 10..32 grey levels. A fixed 20 missed a faint, overexposed code and let heavy noise through.
 */
export function stepAboveNoise(image: GreyImage): number {
  const { data, width, height } = image;
  const histogram = new Uint32Array(256);
  let samples = 0;
  for (let y = 1; y < height; y += 4) {
    const row = y * width;
    for (let x = 0; x < width - 1; x += 3) {
      const difference = Math.abs((data[row + x + 1] as number) - (data[row + x] as number));
      histogram[difference] = (histogram[difference] as number) + 1;
      samples += 1;
    }
  }
  let median = 0;
  for (let seen = 0; median < 255; median += 1) {
    seen += histogram[median] as number;
    if (seen * 2 >= samples) break;
  }
  return Math.min(32, Math.max(10, median * 3 + 6));
}

/**
 * Sharp steps to the right and downwards, per block. Counted from every other pixel of every
 * other row: a code has steps all over, so the sample misses little and costs a quarter.
 */
function countSteps(
  image: GreyImage,
  block: number,
  step: number,
  columns: number,
  rows: number,
): Uint32Array {
  const { data, width } = image;
  const counts = new Uint32Array(columns * rows);
  const usedWidth = columns * block;
  for (let y = 0; y < rows * block; y += 2) {
    const rowStart = y * width;
    const blockRow = Math.floor(y / block) * columns;
    const below = y + 1 < image.height ? width : 0;
    for (let x = 0; x < usedWidth; x += 2) {
      const at = rowStart + x;
      const here = data[at] as number;
      let found = 0;
      // Horizontal step (to the right) and vertical step (downwards) from this pixel.
      const right = (data[at + 1] as number) - here;
      if (right > step || right < -step) found += 1;
      const down = (data[at + below] as number) - here;
      if (down > step || down < -step) found += 1;
      if (found) {
        const at = blockRow + Math.floor(x / block);
        counts[at] = (counts[at] as number) + found;
      }
    }
  }
  return counts;
}
