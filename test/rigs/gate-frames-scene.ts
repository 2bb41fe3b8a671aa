// The gate scene around the card and what the camera does to it: a plain or cluttered
// background (walls, a person, a railing that looks like bars), uneven light, glare, defocus,
// exposure, sensor noise. Works on one grey float plane for speed; colour is a cast at the end.
import type { GreyPlane } from './gate-frames-card';
import type { SeededRandom } from './gate-frames-random';

export function plainBackground(image: GreyPlane, random: SeededRandom): void {
  image.pixels.fill(random.between(95, 165));
}

/** A seeded gate scene: wall and ground, signs and posts, a person, a railing, a notice. */
export function clutterBackground(image: GreyPlane, random: SeededRandom): void {
  const { width, height, pixels } = image;
  const horizon = Math.round(height * random.between(0.45, 0.7));
  const sky = [random.between(150, 215), random.between(110, 170)] as const;
  const ground = [random.between(70, 120), random.between(40, 90)] as const;
  for (let y = 0; y < height; y += 1) {
    const [from, to] = y < horizon ? sky : ground;
    const share = y < horizon ? y / horizon : (y - horizon) / (height - horizon);
    pixels.fill(from + (to - from) * share, y * width, (y + 1) * width);
  }
  const boxes = random.integer(5, 10);
  for (let index = 0; index < boxes; index += 1) {
    const boxWidth = Math.round(width * random.between(0.04, 0.3));
    const boxHeight = Math.round(height * random.between(0.05, 0.5));
    const left = random.integer(-boxWidth / 2, width - boxWidth / 2);
    const top = random.integer(-boxHeight / 2, height - boxHeight / 2);
    const shade = random.between(20, 235);
    const slope = random.between(-0.15, 0.15);
    fillBox(image, left, top, boxWidth, boxHeight, (x) => shade + slope * x);
  }
  drawRailing(image, horizon, random);
  drawNotice(image, random);
  drawPerson(image, random);
}

function fillBox(
  image: GreyPlane,
  left: number,
  top: number,
  boxWidth: number,
  boxHeight: number,
  shadeAt: (x: number) => number,
): void {
  const x0 = Math.max(0, Math.round(left));
  const x1 = Math.min(image.width, Math.round(left + boxWidth));
  const y0 = Math.max(0, Math.round(top));
  const y1 = Math.min(image.height, Math.round(top + boxHeight));
  for (let y = y0; y < y1; y += 1) {
    const row = y * image.width;
    for (let x = x0; x < x1; x += 1) image.pixels[row + x] = shadeAt(x - x0);
  }
}

/** Evenly spaced vertical bars across the frame: what a 1-D reader must not read as a code. */
function drawRailing(image: GreyPlane, horizon: number, random: SeededRandom): void {
  const period = random.integer(10, 42);
  const barWidth = random.integer(2, Math.max(3, Math.floor(period / 2)));
  const top = Math.round(horizon - image.height * random.between(0.05, 0.25));
  const bottom = Math.min(
    image.height,
    Math.round(horizon + image.height * random.between(0.05, 0.2)),
  );
  const shade = random.between(15, 60);
  const start = random.integer(0, period);
  fillBox(image, 0, top, image.width, 6, () => shade);
  for (let x = start; x < image.width; x += period) {
    fillBox(image, x, top, barWidth, bottom - top, () => shade);
  }
}

/** A notice board with rows of dark dashes, like print seen from afar. */
function drawNotice(image: GreyPlane, random: SeededRandom): void {
  const noticeWidth = Math.round(image.width * random.between(0.12, 0.22));
  const noticeHeight = Math.round(image.height * random.between(0.15, 0.3));
  const left = random.integer(0, image.width - noticeWidth);
  const top = random.integer(0, Math.round(image.height * 0.4));
  fillBox(image, left, top, noticeWidth, noticeHeight, () => 225);
  const lineHeight = random.integer(3, 7);
  for (let y = top + 8; y + lineHeight < top + noticeHeight - 6; y += lineHeight * 2) {
    let x = left + 8;
    while (x < left + noticeWidth - 12) {
      const dash = random.integer(lineHeight, lineHeight * 4);
      fillBox(image, x, y, Math.min(dash, left + noticeWidth - 8 - x), lineHeight, () => 40);
      x += dash + random.integer(2, lineHeight);
    }
  }
}

/** A dark head and shoulders somewhere behind the card. */
function drawPerson(image: GreyPlane, random: SeededRandom): void {
  const centreX = random.between(0.2, 0.8) * image.width;
  const headRadius = image.height * random.between(0.08, 0.14);
  const headY = image.height * random.between(0.15, 0.35);
  const skin = random.between(90, 190);
  const coat = random.between(20, 120);
  fillBox(
    image,
    centreX - headRadius * 2.6,
    headY + headRadius * 1.1,
    headRadius * 5.2,
    image.height,
    () => coat,
  );
  const x0 = Math.max(0, Math.floor(centreX - headRadius));
  const x1 = Math.min(image.width, Math.ceil(centreX + headRadius));
  const y0 = Math.max(0, Math.floor(headY - headRadius * 1.25));
  const y1 = Math.min(image.height, Math.ceil(headY + headRadius * 1.25));
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) {
      const dx = (x - centreX) / headRadius;
      const dy = (y - headY) / (headRadius * 1.25);
      if (dx * dx + dy * dy <= 1) image.pixels[y * image.width + x] = skin;
    }
  }
}

/** Light falling off across the frame from a seeded side (sun through the gate, a lamp). */
export function unevenLight(image: GreyPlane, random: SeededRandom): void {
  const angle = random.between(0, 2 * Math.PI);
  const directionX = Math.cos(angle) / image.width;
  const directionY = Math.sin(angle) / image.height;
  const low = random.between(0.3, 0.5);
  const high = random.between(1.0, 1.15);
  // Project every pixel on the direction; 0..1 over the frame.
  const corners = [0, image.width].flatMap((x) =>
    [0, image.height].map((y) => x * directionX + y * directionY),
  );
  const minimum = Math.min(...corners);
  const span = Math.max(...corners) - minimum;
  for (let y = 0; y < image.height; y += 1) {
    const row = y * image.width;
    let share = (y * directionY - minimum) / span;
    const step = directionX / span;
    for (let x = 0; x < image.width; x += 1, share += step) {
      image.pixels[row + x] = (image.pixels[row + x] ?? 0) * (low + (high - low) * share);
    }
  }
}

/** A bright soft ellipse (a reflection on a glossy card or a cracked screen). */
export function addGlare(
  image: GreyPlane,
  centre: { x: number; y: number },
  radii: { x: number; y: number },
  strength: number,
): void {
  const x0 = Math.max(0, Math.floor(centre.x - radii.x));
  const x1 = Math.min(image.width, Math.ceil(centre.x + radii.x));
  const y0 = Math.max(0, Math.floor(centre.y - radii.y));
  const y1 = Math.min(image.height, Math.ceil(centre.y + radii.y));
  for (let y = y0; y < y1; y += 1) {
    const dy = (y + 0.5 - centre.y) / radii.y;
    for (let x = x0; x < x1; x += 1) {
      const dx = (x + 0.5 - centre.x) / radii.x;
      const distance = dx * dx + dy * dy;
      if (distance >= 1) continue;
      // Flat-topped falloff: a saturated core with a soft rim.
      const weight = Math.min(1, 1.6 * (1 - distance) * (1 - distance));
      const index = y * image.width + x;
      image.pixels[index] = (image.pixels[index] ?? 0) + strength * weight;
    }
  }
}

/** Defocus: a separable gaussian with sigma = radius / 2, cut off at ±radius (rounded up). */
export function blurImage(image: GreyPlane, radius: number): void {
  if (radius <= 0) return;
  const sigma = radius / 2;
  const reach = Math.ceil(radius);
  const weights: number[] = [];
  for (let offset = -reach; offset <= reach; offset += 1) {
    weights.push(Math.exp(-(offset * offset) / (2 * sigma * sigma)));
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const kernel = Float32Array.from(weights, (weight) => weight / total);
  const scratch = new Float32Array(image.pixels.length);
  blurRows(image.pixels, scratch, image.width, image.height, kernel);
  blurColumns(scratch, image.pixels, image.width, image.height, kernel);
}

/** Along each row, one tap at a time over the whole row; the edges repeat the end pixels. */
function blurRows(
  source: Float32Array,
  target: Float32Array,
  width: number,
  height: number,
  kernel: Float32Array,
): void {
  const reach = (kernel.length - 1) / 2;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    target.fill(0, row, row + width);
    for (let tap = 0; tap < kernel.length; tap += 1) {
      const weight = kernel[tap] ?? 0;
      const shift = tap - reach;
      const start = Math.max(0, -shift);
      const end = Math.min(width, width - shift);
      for (let x = start; x < end; x += 1) {
        target[row + x] = (target[row + x] ?? 0) + weight * (source[row + x + shift] ?? 0);
      }
      for (let x = 0; x < start; x += 1) {
        target[row + x] = (target[row + x] ?? 0) + weight * (source[row] ?? 0);
      }
      for (let x = end; x < width; x += 1) {
        target[row + x] = (target[row + x] ?? 0) + weight * (source[row + width - 1] ?? 0);
      }
    }
  }
}

/** Down each column, a whole row at a time so memory is read in order. */
function blurColumns(
  source: Float32Array,
  target: Float32Array,
  width: number,
  height: number,
  kernel: Float32Array,
): void {
  const reach = (kernel.length - 1) / 2;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    target.fill(0, row, row + width);
    for (let tap = 0; tap < kernel.length; tap += 1) {
      const weight = kernel[tap] ?? 0;
      const from = Math.min(height - 1, Math.max(0, y + tap - reach)) * width;
      for (let x = 0; x < width; x += 1) {
        target[row + x] = (target[row + x] ?? 0) + weight * (source[from + x] ?? 0);
      }
    }
  }
}

/** Exposure: dim squeezes the range into the dark end, bright overexposes and clips. */
export function expose(image: GreyPlane, light: 'dim' | 'bright', random: SeededRandom): void {
  const gain = light === 'dim' ? random.between(0.22, 0.35) : random.between(1.35, 1.6);
  const offset = light === 'dim' ? random.between(8, 20) : random.between(20, 50);
  const { pixels } = image;
  for (let index = 0; index < pixels.length; index += 1) {
    pixels[index] = Math.min(255, offset + gain * (pixels[index] ?? 0));
  }
}

/**
 * Sensor noise and a colour cast, written as RGBA. One 32-bit draw per pixel picks three
 * entries of a table of 1024 normals (all zero without noise): a lookup, not a logarithm.
 */
export function toRgba(image: GreyPlane, noise: number, random: SeededRandom): Uint8ClampedArray {
  const table = new Float32Array(1024);
  for (let index = 0; index < table.length; index += 1) table[index] = random.normal() * noise;
  const cast = random.between(-0.06, 0.08);
  const redGain = 1 + cast;
  const blueGain = 1 - cast;
  const { pixels } = image;
  const data = new Uint8ClampedArray(pixels.length * 4);
  // xorshift32 inline: a call per pixel into the seeded generator would double the cost.
  let state = random.nextUint32() | 1;
  for (let pixel = 0, offset = 0; pixel < pixels.length; pixel += 1, offset += 4) {
    const grey = pixels[pixel] ?? 0;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[offset] = grey * redGain + (table[state & 1023] ?? 0);
    data[offset + 1] = grey + (table[(state >>> 10) & 1023] ?? 0);
    data[offset + 2] = grey * blueGain + (table[(state >>> 20) & 1023] ?? 0);
    data[offset + 3] = 255;
  }
  return data;
}
