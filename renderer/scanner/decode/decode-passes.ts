// Which passes the decode pipeline makes over one frame, in what order and on what image: the
// plan, kept apart from the loop that runs it against the budget. Pure compute; it makes each
// image only when its pass runs, and never touches the frame it is given.
import type {
  BarcodeEngine,
  BarcodeFormat,
  DecodeHints,
  GreyImage,
  Rectangle,
  RgbaFrame,
} from './engine';
import { busyBounds, mapBusyBlocks } from './busy-blocks';
import { findCodeRegions } from './code-regions';
import { dominantGradient, stretchLocalContrast } from './contrast';
import type { SteadyScene } from './steady-scene';
import {
  clampRectangle,
  cropRgbaToGrey,
  doubleGrey,
  rgbaToGrey,
  rgbaToHalfGrey,
  rotateGrey,
} from './grey-image';

export interface PlannedPass {
  /** Names the step in DecodedCode.engine and in pass reports: 'overview', 'upscale', … */
  name: string;
  engine: BarcodeEngine;
  hints: DecodeHints;
  /** Pixels the engine will look at, for reports. */
  pixels: number;
  image: () => GreyImage;
}

const quick: DecodeHints = { tryHarder: false, tryInverted: false };
const thorough: DecodeHints = { tryHarder: true, tryInverted: true };
const closer: DecodeHints = { tryHarder: true, tryInverted: false };

/** Frames at least this wide get a half-size overview; smaller ones are looked at whole. */
const halveFrom = 960;
/** The middle of the frame where a pupil holds the card, as a share of width and height. */
const centreShare = 0.5;
/** Regions are cut to their densest part of this size (frame pixels): a code, not a fence. */
const largestRegion = { width: 480, height: 280 };
/** Areas up to this many pixels are enlarged; bigger ones hold codes that need no help. */
const largestToDouble = 320 * 240;
/** A region this small may be one small code (a QR of 2 to 3 px modules with its margin). */
const smallCodeArea = 180 * 180;
/** The other (slower) engines look at areas up to this size: at most about 20 ms. */
const largestForOthers = 50_000;

interface Target {
  area: Rectangle;
  crop: () => GreyImage;
  /** The crop enlarged 2x, made once. */
  doubled: () => GreyImage;
  /** A symbol was located here but not read: worth the sharper passes. */
  unreadable: boolean;
}

/**
 * The passes, cheapest and likeliest first:
 * 1. overview: the whole frame at half size, codes with modules of 4 px and more, anywhere;
 * 2. the busy regions of the overview, less what a fixed camera knows is its own empty
 *    scene (steady-scene.ts); none means an empty frame: stop (the common case);
 * 3. centre: the busy part of the middle quarter at full size, small codes where the card
 *    is expected;
 * 4. each busy region at full size: rotate first if its bars are tilted (stood upright), then
 *    region, trying harder (the best one also light-on-dark);
 * 5. upscale: the best region, if code-sized, enlarged 2x;
 * 6. where a symbol was located but not read: upscale, contrast (local stretch) and the
 *    other engines. Clutter that only looks busy (fences, posters) locates no symbol, so an
 *    empty frame skips these.
 */
export function* planPasses(
  frame: RgbaFrame,
  primary: BarcodeEngine,
  others: BarcodeEngine[],
  scene?: SteadyScene,
): Generator<PlannedPass> {
  const halve = frame.width >= halveFrom;
  const scale = halve ? 2 : 1;
  const overview = halve ? rgbaToHalfGrey(frame) : rgbaToGrey(frame);
  yield pass('overview', primary, quick, pixelsOf(overview), () => overview);

  const mapped = mapBusyBlocks(overview);
  const busy = scene ? scene.withoutScene(mapped) : mapped;
  const regionOptions = {
    limit: 2,
    maxWidth: largestRegion.width / scale,
    maxHeight: largestRegion.height / scale,
  };
  const regions = findCodeRegions(overview, regionOptions, busy).map((region) =>
    withMargin(region, scale, 12 * scale, frame),
  );
  if (regions.length === 0) return;

  const targets: Target[] = [];
  /** The rotate pass for a target whose bars all point one way, tilted; else null. */
  const uprightPass = (target: Target): PlannedPass | null => {
    const bars = dominantGradient(target.crop());
    if (bars.agreement <= 0.5 || Math.abs(bars.degrees) <= 4) return null;
    const pixels = pixelsOf(target.area);
    const doubled = pixels <= largestToDouble;
    const upright = () => rotateGrey(target.crop(), -bars.degrees, doubled ? 2 : 1);
    return pass('rotate', primary, closer, doubled ? pixels * 4 : pixels, upright);
  };
  // The busy part of the middle, not all of it: on an empty frame that is a tenth of the
  // middle (the median over 45 gate-like empty frames), on a frame with a card a quarter.
  const middle = busyBounds(busy, scaled(centreArea(frame), 1 / scale));
  if (halve && middle) {
    const centre = withMargin(middle, scale, 16 * scale, frame);
    const onUnreadable = (_format: BarcodeFormat, seen: Rectangle | null) => {
      if (!seen) return;
      // Where the symbol is, plus a quiet zone's worth of margin.
      const margin = Math.max(16, Math.round(Math.max(seen.width, seen.height) * 0.15));
      const at = { ...seen, left: seen.left + centre.left, top: seen.top + centre.top };
      targets.push(targetAt(frame, withMargin(at, 1, margin, frame), true));
    };
    const image = () => cropRgbaToGrey(frame, centre);
    yield pass('centre', primary, { ...quick, onUnreadable }, pixelsOf(centre), image);
  }

  const regionTargets = regions.map((area) => targetAt(frame, area, false));
  for (const target of regionTargets) {
    // Bars all one way and visibly tilted: ZXing's row scanners need them upright, and a look
    // at the region as it is would mostly be a wasted pass. Stand them up first.
    const upright = uprightPass(target);
    if (upright) yield upright;
    // Light-on-dark is tried on the best region only: each failed try costs a second pass.
    const base = target === regionTargets[0] ? thorough : closer;
    const hints = { ...base, onUnreadable: () => (target.unreadable = true) };
    yield pass('region', primary, hints, pixelsOf(target.area), target.crop);
  }

  targets.push(...regionTargets.slice(0, 2));
  for (const target of targets) {
    const pixels = pixelsOf(target.area);
    const doubled = pixels <= largestToDouble;
    const enlarged = doubled ? target.doubled : target.crop;
    const enlargedPixels = doubled ? pixels * 4 : pixels;
    if (!regionTargets.includes(target)) {
      const upright = uprightPass(target);
      if (upright) yield upright;
    }
    // The best region, if code-sized, is enlarged even without a reason: a 2 px code is often
    // not located at all at full size. The other sharper passes need the reason.
    const best = target === regionTargets[0] && pixels <= smallCodeArea;
    if (doubled && (best || target.unreadable)) {
      yield pass('upscale', primary, closer, enlargedPixels, enlarged);
    }
    if (!target.unreadable) continue;
    const stretched = () => stretchLocalContrast(enlarged());
    yield pass('contrast', primary, closer, enlargedPixels, stretched);
    // The JavaScript port costs 100 to 400 ns a pixel (zxing-cpp 5 to 20): a quick look at
    // the crop as it is, and only at a code-sized one, so it cannot blow the budget by much.
    if (pixels > largestForOthers) continue;
    for (const other of others) yield pass('region', other, quick, pixels, target.crop);
  }
}

function pass(
  name: string,
  engine: BarcodeEngine,
  hints: DecodeHints,
  pixels: number,
  image: () => GreyImage,
): PlannedPass {
  return { name, engine, hints, pixels, image };
}

function targetAt(frame: RgbaFrame, area: Rectangle, unreadable: boolean): Target {
  const crop = once(() => cropRgbaToGrey(frame, area));
  return { area, crop, doubled: once(() => doubleGrey(crop())), unreadable };
}

function centreArea(frame: RgbaFrame): Rectangle {
  return {
    left: (frame.width * (1 - centreShare)) / 2,
    top: (frame.height * (1 - centreShare)) / 2,
    width: frame.width * centreShare,
    height: frame.height * centreShare,
  };
}

function scaled(area: Rectangle, factor: number): Rectangle {
  return {
    left: area.left * factor,
    top: area.top * factor,
    width: area.width * factor,
    height: area.height * factor,
  };
}

function pixelsOf(area: { width: number; height: number }): number {
  return area.width * area.height;
}

/** An area grown by `margin` frame pixels on every side (after scaling), inside the frame. */
function withMargin(area: Rectangle, scale: number, margin: number, frame: RgbaFrame): Rectangle {
  return clampRectangle(
    {
      left: area.left * scale - margin,
      top: area.top * scale - margin,
      width: area.width * scale + margin * 2,
      height: area.height * scale + margin * 2,
    },
    frame.width,
    frame.height,
  );
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
