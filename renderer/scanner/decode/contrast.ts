// Contrast and direction for the decode pipeline: a local stretch that gives every neighbourhood
// its own black and white, so glare, dim light and shadows do not wash a code out, and the tilt
// of 1-D bars. Pure compute on grey images; never changes the image it is given.
import type { GreyImage } from './engine';

/**
 * Local min-max stretch: the darkest and lightest grey within about two blocks of a pixel
 * become 0 and 255. A patch of glare keeps faint module edges (say 200 against 235); ZXing's
 * own binariser treats a block with less than 24 levels of range as blank, so they vanish.
 * `minimumRange` keeps flat paper and noise from being blown up into false modules.
 */
export function stretchLocalContrast(image: GreyImage, block = 8, minimumRange = 16): GreyImage {
  const { data, width, height } = image;
  const columns = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const blockMin = new Uint8Array(columns * rows).fill(255);
  const blockMax = new Uint8Array(columns * rows);
  for (let y = 0; y < height; y += 1) {
    const blockRow = Math.floor(y / block) * columns;
    for (let x = 0; x < width; x += 1) {
      const value = data[y * width + x] as number;
      const at = blockRow + Math.floor(x / block);
      if (value < (blockMin[at] as number)) blockMin[at] = value;
      if (value > (blockMax[at] as number)) blockMax[at] = value;
    }
  }
  // Widen each block's range to its 3x3 neighbourhood: a block inside a dark module (or in
  // the quiet zone) still learns the other extreme from its neighbours.
  const low = new Float32Array(columns * rows);
  const high = new Float32Array(columns * rows);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      let min = 255;
      let max = 0;
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) {
          const r = Math.min(rows - 1, Math.max(0, row + dy));
          const c = Math.min(columns - 1, Math.max(0, column + dx));
          min = Math.min(min, blockMin[r * columns + c] as number);
          max = Math.max(max, blockMax[r * columns + c] as number);
        }
      }
      const middle = (min + max) / 2;
      const half = Math.max(max - min, minimumRange) / 2;
      low[row * columns + column] = middle - half;
      high[row * columns + column] = middle + half;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    const row = Math.floor(y / block);
    for (let x = 0; x < width; x += 1) {
      const at = row * columns + Math.floor(x / block);
      const floor = low[at] as number;
      const scale = 255 / ((high[at] as number) - floor);
      const value = ((data[y * width + x] as number) - floor) * scale;
      out[y * width + x] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
  return { data: out, width, height };
}

/**
 * The dominant direction of the grey gradients, in degrees within (-90, 90], and how strongly
 * they agree (0 none, 1 all parallel). Bars of a 1-D code all point one way (high agreement);
 * a QR code has two perpendicular directions (low agreement) and ZXing already copes with it.
 * Scharr's kernel, not plain differences: those overstate a 25 degree tilt by five degrees.
 */
export function dominantGradient(image: GreyImage): { degrees: number; agreement: number } {
  const { data, width, height } = image;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  // Every other pixel of every other row: the tilt of a code is the same on all of them.
  for (let y = 1; y < height - 1; y += 2) {
    for (let x = 1; x < width - 1; x += 2) {
      const at = y * width + x;
      const above = at - width;
      const below = at + width;
      const topLeft = data[above - 1] as number;
      const topRight = data[above + 1] as number;
      const bottomLeft = data[below - 1] as number;
      const bottomRight = data[below + 1] as number;
      const gx =
        3 * (topRight - topLeft + bottomRight - bottomLeft) +
        10 * ((data[at + 1] as number) - (data[at - 1] as number));
      const gy =
        3 * (bottomLeft - topLeft + bottomRight - topRight) +
        10 * ((data[below] as number) - (data[above] as number));
      xx += gx * gx;
      yy += gy * gy;
      xy += gx * gy;
    }
  }
  const total = xx + yy;
  if (total === 0) return { degrees: 0, agreement: 0 };
  const agreement = Math.sqrt((xx - yy) ** 2 + 4 * xy * xy) / total;
  const degrees = (Math.atan2(2 * xy, xx - yy) * 90) / Math.PI;
  return { degrees, agreement };
}
