// What the decode tests decode: camera-like RGBA frames with a QR (from `qrcode`) or a 1-D code
// (bar widths from bwip-js) on a card, placed, tilted, blurred and lit like a gate camera sees
// it, deterministic from a seed; and the reader's .wasm bytes from node_modules. Tests only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import type { GreyImage, RgbaFrame } from '../../../../../renderer/scanner/decode/engine';

/** A code in module units, quiet zone included: dark(x, y) for 0 <= x < width, 0 <= y < height. */
export interface CodePattern {
  width: number;
  height: number;
  dark(x: number, y: number): boolean;
}

export function qrPattern(text: string, quiet = 4): CodePattern {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  return {
    width: size + quiet * 2,
    height: size + quiet * 2,
    dark(x, y) {
      const column = Math.floor(x) - quiet;
      const row = Math.floor(y) - quiet;
      return (
        column >= 0 && row >= 0 && column < size && row < size && modules.get(row, column) === 1
      );
    },
  };
}

/** A 1-D code; `symbology` is bwip-js's name ('code128', 'code39', 'ean13'). */
export function linearPattern(
  symbology: 'code128' | 'code39' | 'ean13',
  text: string,
  options: { quiet?: number; height?: number } = {},
): CodePattern {
  const quiet = options.quiet ?? 10;
  const [symbol] = bwipjs.raw(symbology, text, { includetext: false });
  const widths = (symbol as { sbs: number[] }).sbs;
  const dark: boolean[] = [];
  widths.forEach((width, index) => {
    for (let step = 0; step < width; step += 1) dark.push(index % 2 === 0);
  });
  return {
    width: dark.length + quiet * 2,
    height: options.height ?? Math.round(dark.length * 0.35),
    dark: (x) => dark[Math.floor(x) - quiet] === true,
  };
}

export interface SceneOptions {
  width?: number;
  height?: number;
  code?: CodePattern;
  /** Pixels per module. */
  moduleSize?: number;
  /** Centre of the code, in pixels; the frame's centre by default. */
  centre?: { x: number; y: number };
  /** Tilt in degrees. */
  angle?: number;
  /** Box-blur radius in pixels (applied twice, close to a Gaussian). */
  blur?: number;
  /** Peak-to-peak noise, in grey levels. */
  noise?: number;
  /** Grey of the bars and of the card. */
  ink?: number;
  paper?: number;
  /** Light falling off from left to right: 1 is even, 0.5 halves the right edge. */
  lightFalloff?: number;
  /** Light-on-dark code (a phone in dark mode). */
  inverted?: boolean;
  seed?: number;
}

export function renderScene(options: SceneOptions = {}): RgbaFrame {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const random = seededRandom(options.seed ?? 1);
  const grey = new Float32Array(width * height);
  drawBackground(grey, width, height, random);
  if (options.code) drawCode(grey, width, height, options.code, options);
  if (options.blur) boxBlur(grey, width, height, options.blur);
  const falloff = options.lightFalloff ?? 1;
  const noise = options.noise ?? 0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const light = 1 - ((1 - falloff) * x) / width;
      const value = (grey[y * width + x] ?? 0) * light + (random() - 0.5) * noise;
      const offset = (y * width + x) * 4;
      data[offset] = value + 4;
      data[offset + 1] = value;
      data[offset + 2] = value - 4;
      data[offset + 3] = 255;
    }
  }
  return { data, width, height };
}

/** A plain wall with a few soft shapes, like the gate behind an empty lane. */
function drawBackground(grey: Float32Array, width: number, height: number, random: () => number) {
  grey.fill(110);
  for (let shape = 0; shape < 6; shape += 1) {
    const left = Math.floor(random() * width * 0.8);
    const top = Math.floor(random() * height * 0.8);
    const right = Math.min(width, left + 60 + Math.floor(random() * 300));
    const bottom = Math.min(height, top + 60 + Math.floor(random() * 200));
    const shade = 60 + random() * 120;
    for (let y = top; y < bottom; y += 1) grey.fill(shade, y * width + left, y * width + right);
  }
}

function drawCode(
  grey: Float32Array,
  width: number,
  height: number,
  code: CodePattern,
  options: SceneOptions,
) {
  const moduleSize = options.moduleSize ?? 4;
  const centre = options.centre ?? { x: width / 2, y: height / 2 };
  const radians = ((options.angle ?? 0) * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const ink = options.ink ?? 35;
  const paper = options.paper ?? 225;
  const [dark, light] = options.inverted ? [paper, ink] : [ink, paper];
  // The card: the code plus a margin of a few modules, tilted with it.
  const cardWidth = code.width + 6;
  const cardHeight = code.height + 6;
  const reach = (Math.hypot(cardWidth, cardHeight) * moduleSize) / 2 + 2;
  const samples = [0.25, 0.75];
  for (
    let y = Math.max(0, Math.floor(centre.y - reach));
    y < Math.min(height, centre.y + reach);
    y += 1
  ) {
    for (
      let x = Math.max(0, Math.floor(centre.x - reach));
      x < Math.min(width, centre.x + reach);
      x += 1
    ) {
      let sum = 0;
      let inside = 0;
      for (const offsetY of samples) {
        for (const offsetX of samples) {
          const dx = x + offsetX - centre.x;
          const dy = y + offsetY - centre.y;
          const u = (dx * cos + dy * sin) / moduleSize + code.width / 2;
          const v = (-dx * sin + dy * cos) / moduleSize + code.height / 2;
          if (Math.abs(u - code.width / 2) > cardWidth / 2) continue;
          if (Math.abs(v - code.height / 2) > cardHeight / 2) continue;
          inside += 1;
          const onCode = u >= 0 && v >= 0 && u < code.width && v < code.height;
          sum += onCode && code.dark(u, v) ? dark : light;
        }
      }
      const index = y * width + x;
      if (inside > 0) grey[index] = (sum + (grey[index] ?? 0) * (4 - inside)) / 4;
    }
  }
}

function boxBlur(grey: Float32Array, width: number, height: number, radius: number) {
  const line = new Float32Array(Math.max(width, height));
  for (let pass = 0; pass < 2; pass += 1) {
    for (let y = 0; y < height; y += 1) blurLine(grey, y * width, 1, width, radius, line);
    for (let x = 0; x < width; x += 1) blurLine(grey, x, width, height, radius, line);
  }
}

function blurLine(
  grey: Float32Array,
  start: number,
  step: number,
  length: number,
  radius: number,
  line: Float32Array,
) {
  for (let index = 0; index < length; index += 1) line[index] = grey[start + index * step] ?? 0;
  const whole = Math.floor(radius);
  const part = radius - whole;
  for (let index = 0; index < length; index += 1) {
    let sum = 0;
    let weight = 0;
    for (let offset = -whole - 1; offset <= whole + 1; offset += 1) {
      const at = Math.min(length - 1, Math.max(0, index + offset));
      const share = Math.abs(offset) <= whole ? 1 : part;
      sum += (line[at] ?? 0) * share;
      weight += share;
    }
    grey[start + index * step] = sum / weight;
  }
}

/** A small linear congruential generator: the same frames on every machine, from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** A code alone on white, `scale` pixels per module, like a scan of a printed card. */
export function codeOnWhite(code: CodePattern, scale: number): RgbaFrame {
  const width = Math.round(code.width * scale);
  const height = Math.round(code.height * scale);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (!code.dark((x + 0.5) / scale, (y + 0.5) / scale)) continue;
      const offset = (y * width + x) * 4;
      data[offset] = data[offset + 1] = data[offset + 2] = 0;
    }
  }
  return { data, width, height };
}

/** Random bytes (alpha too): a frame of pure sensor noise. */
export function noiseFrame(width: number, height: number, seed = 7): RgbaFrame {
  const random = seededRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let index = 0; index < data.length; index += 1) data[index] = random() * 256;
  return { data, width, height };
}

/** A grey image of `spread` levels of noise around mid-grey. */
export function greyNoise(width: number, height: number, spread: number, seed: number): GreyImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height);
  for (let index = 0; index < data.length; index += 1) {
    data[index] = 128 + Math.round((random() - 0.5) * spread);
  }
  return { data, width, height };
}

/** One grey level everywhere, opaque. */
export function blankFrame(width: number, height: number, grey = 255): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4).fill(grey);
  for (let offset = 3; offset < data.length; offset += 4) data[offset] = 255;
  return { data, width, height };
}

let wasmBytes: Promise<Uint8Array> | undefined;

/** zxing-wasm's reader .wasm, read from node_modules as the CLI does: never fetched. */
export function readReaderWasm(): Promise<Uint8Array> {
  const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  wasmBytes ??= readFile(file).then((buffer) => new Uint8Array(buffer));
  return wasmBytes;
}
