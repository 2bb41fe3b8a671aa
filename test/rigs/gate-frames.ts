// Seeded gate-like camera frames for the decode benchmark and tests: a campus card (QR or
// Code 128) held near the middle of a 1280×720 frame, tilted, blurred, noisy, badly lit, or no
// card at all. The same options and seed always give the same bytes; nothing here is random.
import type { RgbaFrame } from '../../renderer/scanner/decode/engine';
import { cardPointInScene, drawCard, rasterCard, type GreyPlane } from './gate-frames-card';
import { createSeededRandom, deriveSeed, type SeededRandom } from './gate-frames-random';
import { describeGateFrame, gateFrameRecipes } from './gate-frames-recipes';
import {
  addGlare,
  blurImage,
  clutterBackground,
  expose,
  plainBackground,
  toRgba,
  unevenLight,
} from './gate-frames-scene';

export interface GateFrameOptions {
  seed: number;
  width?: number;
  height?: number;
  /** The code's text; null makes an empty frame (the scene without a card). */
  text: string | null;
  format?: 'QR_CODE' | 'CODE_128';
  /** Pixels per module (the narrowest bar for Code 128); fractions allowed, down to 2. */
  modulePx?: number;
  /** In-plane rotation of the card, degrees (the benchmark uses up to ±30). */
  tiltDegrees?: number;
  /** Defocus radius in pixels (gaussian, sigma = radius / 2). */
  blur?: number;
  /** Sensor noise: gaussian sigma in grey levels, per channel. */
  noise?: number;
  /** Seed of the sensor noise alone (default: seed): the same scene, the camera's next frame. */
  noiseSeed?: number;
  light?: 'even' | 'uneven' | 'dim' | 'bright';
  glare?: boolean;
  background?: 'plain' | 'clutter';
}

/** Seeds of the independent parts of a frame, so one option never reshuffles another. */
const part = { background: 1, card: 2, placement: 3, light: 4, glare: 5, exposure: 6, noise: 7 };

export function renderGateFrame(options: GateFrameOptions): RgbaFrame {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const modulePx = options.modulePx ?? 4;
  if (modulePx < 1) throw new RangeError(`modulePx ${modulePx} is below one pixel`);
  const random = (piece: number): SeededRandom =>
    createSeededRandom(deriveSeed(options.seed, piece));
  const scene: GreyPlane = { pixels: new Float32Array(width * height), width, height };
  if (options.background === 'clutter') clutterBackground(scene, random(part.background));
  else plainBackground(scene, random(part.background));

  let target = { x: width / 2, y: height / 2, size: Math.min(width, height) / 4 };
  if (options.text !== null) {
    const card = rasterCard(options.text, options.format ?? 'QR_CODE', modulePx, random(part.card));
    const placement = placeCard(card, options.tiltDegrees ?? 0, scene, random(part.placement));
    drawCard(scene, card, placement);
    const centre = cardPointInScene(card, placement, {
      x: card.code.left + card.code.width / 2,
      y: card.code.top + card.code.height / 2,
    });
    target = { ...centre, size: Math.max(card.code.width, card.code.height) };
  }
  if (options.light === 'uneven') unevenLight(scene, random(part.light));
  if (options.glare) glareOver(scene, target, random(part.glare));
  blurImage(scene, options.blur ?? 0);
  if (options.light === 'dim' || options.light === 'bright') {
    expose(scene, options.light, random(part.exposure));
  }
  const noise = createSeededRandom(deriveSeed(options.noiseSeed ?? options.seed, part.noise));
  return { data: toRgba(scene, options.noise ?? 0, noise), width, height };
}

/** Near the centre, not on it: a seeded offset, kept inside the frame when the card fits. */
function placeCard(
  card: GreyPlane,
  tiltDegrees: number,
  scene: GreyPlane,
  random: SeededRandom,
): { left: number; top: number; tiltDegrees: number } {
  const angle = (tiltDegrees * Math.PI) / 180;
  const halfWidth =
    (Math.abs(Math.cos(angle)) * card.width + Math.abs(Math.sin(angle)) * card.height) / 2;
  const halfHeight =
    (Math.abs(Math.sin(angle)) * card.width + Math.abs(Math.cos(angle)) * card.height) / 2;
  const clamp = (value: number, half: number, size: number): number =>
    half * 2 + 8 > size ? size / 2 : Math.min(size - half - 4, Math.max(half + 4, value));
  const centreX = clamp(scene.width * (0.5 + random.between(-0.15, 0.15)), halfWidth, scene.width);
  const centreY = clamp(
    scene.height * (0.5 + random.between(-0.12, 0.12)),
    halfHeight,
    scene.height,
  );
  return {
    left: Math.round(centreX - card.width / 2),
    top: Math.round(centreY - card.height / 2),
    tiltDegrees,
  };
}

/** A reflection over one side of the code, covering part of it (about a fifth to a third). */
function glareOver(
  scene: GreyPlane,
  target: { x: number; y: number; size: number },
  random: SeededRandom,
): void {
  const angle = random.between(0, 2 * Math.PI);
  const distance = target.size * random.between(0.3, 0.5);
  const radius = Math.max(24, target.size * random.between(0.3, 0.42));
  addGlare(
    scene,
    { x: target.x + Math.cos(angle) * distance, y: target.y + Math.sin(angle) * distance },
    { x: radius * random.between(0.9, 1.5), y: radius * random.between(0.6, 1.0) },
    random.between(140, 230),
  );
}

export interface GateFrameCase {
  /** Says what makes it hard, e.g. 'qr-2px-tilt25-blur1-uneven'; unique within a set. */
  name: string;
  /** The recipe it came from, e.g. 'qr-small' or 'empty-clutter', for grouping results. */
  kind: string;
  frame: RgbaFrame;
  /** The text a reader must find; null for an empty frame. */
  expected: string | null;
  options: GateFrameOptions;
}

/**
 * A mix of easy, hard and empty frames (about one in four empty), cycling through the recipes
 * of gate-frames-recipes.ts with seeded parameters. Sixty-six frames unless told.
 */
export function gateFrameSet(seed: number, options: { count?: number } = {}): GateFrameCase[] {
  const count = options.count ?? 66;
  const cases: GateFrameCase[] = [];
  const names = new Set<string>();
  for (let index = 0; index < count; index += 1) {
    const recipe = gateFrameRecipes[index % gateFrameRecipes.length];
    if (!recipe) break;
    const frameSeed = deriveSeed(seed, 1000 + index);
    const options = { seed: frameSeed, ...recipe.make(createSeededRandom(frameSeed)) };
    const described = describeGateFrame(options);
    let name = described;
    for (let repeat = 2; names.has(name); repeat += 1) name = `${described}#${repeat}`;
    names.add(name);
    cases.push({
      name,
      kind: recipe.kind,
      frame: renderGateFrame(options),
      expected: options.text,
      options,
    });
  }
  return cases;
}
