// The card in a gate frame: a white card with a QR (from `qrcode`) or Code 128 (from bwip-js's
// bar/space widths) and its quiet zone, rastered at the module size, then drawn into the scene
// rotated by inverse mapping with bilinear sampling. It never draws inside the quiet zone.
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import type { SeededRandom } from './gate-frames-random';

export type GateCodeFormat = 'QR_CODE' | 'CODE_128';

/** A grey plane (0–255, may overshoot until the end), one float per pixel. */
export interface GreyPlane {
  pixels: Float32Array;
  width: number;
  height: number;
}

export interface CardRaster extends GreyPlane {
  /** The code's own box (without quiet zone) inside the card, in card pixels. */
  code: { left: number; top: number; width: number; height: number };
}

const qrQuietModules = 4;
const barcodeQuietModules = 10;

export function rasterCard(
  text: string,
  format: GateCodeFormat,
  modulePx: number,
  random: SeededRandom,
): CardRaster {
  const paper = random.between(232, 250);
  const ink = random.between(18, 45);
  const grid = format === 'QR_CODE' ? qrGrid(text) : code128Grid(text, modulePx);
  const quiet = format === 'QR_CODE' ? qrQuietModules : barcodeQuietModules;
  // The card is wider than the quiet zone on every side, with a strip of printed "text" below.
  const margin = Math.round(random.between(1, 4) * modulePx);
  const codeWidth = Math.round(grid.columns * modulePx);
  const codeHeight = Math.round(grid.rows * modulePx);
  const quietPx = Math.round(quiet * modulePx);
  const stripHeight = Math.max(12, Math.round(codeHeight * 0.25));
  const width = codeWidth + 2 * (quietPx + margin);
  const height = codeHeight + 2 * (quietPx + margin) + stripHeight;
  const pixels = new Float32Array(width * height).fill(paper);
  const left = quietPx + margin;
  const top = quietPx + margin;
  for (let row = 0; row < grid.rows; row += 1) {
    const y0 = top + Math.round(row * modulePx);
    const y1 = top + Math.round((row + 1) * modulePx);
    for (let column = 0; column < grid.columns; column += 1) {
      if (!grid.dark(row, column)) continue;
      const x0 = left + Math.round(column * modulePx);
      const x1 = left + Math.round((column + 1) * modulePx);
      for (let y = y0; y < y1; y += 1) pixels.fill(ink, y * width + x0, y * width + x1);
    }
  }
  drawTextStrip(pixels, width, height - stripHeight - margin, stripHeight, margin, ink, random);
  return { pixels, width, height, code: { left, top, width: codeWidth, height: codeHeight } };
}

interface ModuleGrid {
  rows: number;
  columns: number;
  dark(row: number, column: number): boolean;
}

function qrGrid(text: string): ModuleGrid {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return {
    rows: modules.size,
    columns: modules.size,
    dark: (row, column) => Boolean(modules.get(row, column)),
  };
}

function code128Grid(text: string, modulePx: number): ModuleGrid {
  const [symbol] = bwipjs.raw('code128', text);
  if (!symbol || !('sbs' in symbol)) throw new Error(`bwip-js made no Code 128 for "${text}"`);
  const darkColumns: boolean[] = [];
  symbol.sbs.forEach((width, index) => {
    for (let step = 0; step < width; step += 1) darkColumns.push(index % 2 === 0);
  });
  // Bars about a quarter as tall as the symbol is wide, as printed on a card.
  const rows = Math.max(Math.round(darkColumns.length * 0.25), Math.ceil(40 / modulePx));
  return {
    rows,
    columns: darkColumns.length,
    dark: (_row, column) => darkColumns[column] === true,
  };
}

/** Two lines of short grey dashes standing in for a printed name and class. */
function drawTextStrip(
  pixels: Float32Array,
  width: number,
  top: number,
  height: number,
  margin: number,
  ink: number,
  random: SeededRandom,
): void {
  const lineHeight = Math.max(2, Math.round(height / 4));
  const shade = ink + random.between(40, 90);
  for (const lineTop of [top + Math.round(height / 8), top + Math.round(height * 0.6)]) {
    let x = margin + lineHeight;
    const end = Math.min(
      width - margin - lineHeight,
      x + Math.round(width * random.between(0.4, 0.8)),
    );
    while (x < end) {
      const dash = Math.min(end - x, random.integer(lineHeight, lineHeight * 3));
      for (let y = lineTop; y < lineTop + lineHeight; y += 1) {
        pixels.fill(shade, y * width + x, y * width + x + dash);
      }
      x += dash + random.integer(1, lineHeight);
    }
  }
}

export interface CardPlacement {
  /** Top-left corner of the unrotated card in the scene; whole pixels, so tilt 0 is exact. */
  left: number;
  top: number;
  tiltDegrees: number;
}

/**
 * Draws the card over the scene, rotated about its centre. Each scene pixel is mapped back into
 * the card and sampled bilinearly; texels off the card take the scene's own value, which gives
 * the card an antialiased edge.
 */
export function drawCard(scene: GreyPlane, card: GreyPlane, placement: CardPlacement): void {
  const angle = (placement.tiltDegrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const centreX = placement.left + card.width / 2;
  const centreY = placement.top + card.height / 2;
  const halfWidth = (Math.abs(cos) * card.width + Math.abs(sin) * card.height) / 2 + 2;
  const halfHeight = (Math.abs(sin) * card.width + Math.abs(cos) * card.height) / 2 + 2;
  const x0 = Math.max(0, Math.floor(centreX - halfWidth));
  const x1 = Math.min(scene.width, Math.ceil(centreX + halfWidth));
  const y0 = Math.max(0, Math.floor(centreY - halfHeight));
  const y1 = Math.min(scene.height, Math.ceil(centreY + halfHeight));
  const source = card.pixels;
  const target = scene.pixels;
  for (let y = y0; y < y1; y += 1) {
    const dy = y + 0.5 - centreY;
    for (let x = x0; x < x1; x += 1) {
      const dx = x + 0.5 - centreX;
      // Card coordinates of this pixel's centre, in texel units (texel i covers [i, i+1)).
      const u = cos * dx + sin * dy + card.width / 2 - 0.5;
      const v = -sin * dx + cos * dy + card.height / 2 - 0.5;
      if (u <= -1 || v <= -1 || u >= card.width || v >= card.height) continue;
      const u0 = Math.floor(u);
      const v0 = Math.floor(v);
      const fu = u - u0;
      const fv = v - v0;
      const outside = target[y * scene.width + x] ?? 0;
      const top =
        (1 - fu) * texel(source, card, u0, v0, outside) +
        fu * texel(source, card, u0 + 1, v0, outside);
      const bottom =
        (1 - fu) * texel(source, card, u0, v0 + 1, outside) +
        fu * texel(source, card, u0 + 1, v0 + 1, outside);
      target[y * scene.width + x] = (1 - fv) * top + fv * bottom;
    }
  }
}

function texel(
  source: Float32Array,
  card: GreyPlane,
  u: number,
  v: number,
  outside: number,
): number {
  if (u < 0 || v < 0 || u >= card.width || v >= card.height) return outside;
  return source[v * card.width + u] ?? outside;
}

/** Where a point of the unrotated card lands in the scene after the tilt. */
export function cardPointInScene(
  card: GreyPlane,
  placement: CardPlacement,
  point: { x: number; y: number },
): { x: number; y: number } {
  const angle = (placement.tiltDegrees * Math.PI) / 180;
  const dx = point.x - card.width / 2;
  const dy = point.y - card.height / 2;
  return {
    x: placement.left + card.width / 2 + Math.cos(angle) * dx - Math.sin(angle) * dy,
    y: placement.top + card.height / 2 + Math.sin(angle) * dx + Math.cos(angle) * dy,
  };
}
