// Stale pictures: a code counts only from a picture never seen before, so a looping video or a
// frozen feed cannot make phantom checks; an unchanged picture for a while is a frozen camera,
// unless it is flat (a covered lens tells nothing). Also the fingerprint itself.
import { describe, expect, it } from 'vitest';
import type { RgbaFrame } from '../../../../renderer/scanner/decode/engine';
import {
  createStaleFrameFilter,
  frameFingerprint,
  type FrameFingerprint,
} from '../../../../renderer/scanner/stale-frames';

function picture(key: string, flat = false): FrameFingerprint {
  return { key, flat };
}

function noisyFrame(seed: number, width = 64, height = 36): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4);
  let state = seed;
  for (let index = 0; index < data.length; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[index] = 100 + (state >>> 28);
  }
  return { data, width, height };
}

describe('frameFingerprint', () => {
  it('is the same for the same pixels and differs for a little noise', () => {
    const frame = noisyFrame(1);
    const copy = { ...frame, data: new Uint8ClampedArray(frame.data) };
    expect(frameFingerprint(copy)).toEqual(frameFingerprint(frame));
    expect(frameFingerprint(noisyFrame(2)).key).not.toBe(frameFingerprint(frame).key);
    expect(frameFingerprint(frame).flat).toBe(false);
  });

  it('calls a uniform picture flat', () => {
    const data = new Uint8ClampedArray(64 * 36 * 4).fill(0);
    expect(frameFingerprint({ data, width: 64, height: 36 }).flat).toBe(true);
  });
});

describe('createStaleFrameFilter', () => {
  it('lets a code count from new pictures and never from a picture seen before', () => {
    const filter = createStaleFrameFilter();
    expect(filter.judge(picture('a'), true, 0).fresh).toBe(true);
    expect(filter.judge(picture('b'), true, 100).fresh).toBe(true);
    // The video loops: the same pictures come round again.
    expect(filter.judge(picture('empty'), false, 5000).fresh).toBe(true);
    expect(filter.judge(picture('a'), true, 5100).fresh).toBe(false);
    expect(filter.judge(picture('b'), true, 5200).fresh).toBe(false);
  });

  it('reports a picture unchanged for frozenMs as frozen, and clears it when it changes', () => {
    const filter = createStaleFrameFilter({ frozenMs: 4000 });
    expect(filter.judge(picture('x'), false, 0).frozen).toBe(false);
    expect(filter.judge(picture('x'), false, 3999).frozen).toBe(false);
    expect(filter.judge(picture('x'), false, 4000).frozen).toBe(true);
    expect(filter.judge(picture('y'), false, 4100).frozen).toBe(false);
  });

  it('counts a frozen picture with a code once: the first sighting is real', () => {
    const filter = createStaleFrameFilter({ frozenMs: 1000 });
    const verdicts = [0, 100, 200, 1500, 9000].map((at) => filter.judge(picture('c'), true, at));
    expect(verdicts.map((verdict) => verdict.fresh)).toEqual([true, false, false, false, false]);
    expect(verdicts.at(-1)?.frozen).toBe(true);
  });

  it('never calls a flat picture frozen (dark gate, covered lens)', () => {
    const filter = createStaleFrameFilter({ frozenMs: 1000 });
    for (let at = 0; at <= 10_000; at += 100) {
      expect(filter.judge(picture('black', true), false, at).frozen).toBe(false);
    }
  });

  it('forgets pictures after memoryMs and beyond memorySize', () => {
    const byTime = createStaleFrameFilter({ memoryMs: 1000 });
    byTime.judge(picture('a'), true, 0);
    expect(byTime.judge(picture('a'), true, 1000).fresh).toBe(true);

    const bySize = createStaleFrameFilter({ memorySize: 2 });
    for (const key of ['a', 'b', 'c']) bySize.judge(picture(key), true, 0);
    expect(bySize.judge(picture('c'), true, 1).fresh).toBe(false);
    expect(bySize.judge(picture('a'), true, 2).fresh).toBe(true);
  });

  it('starts over on reset()', () => {
    const filter = createStaleFrameFilter({ frozenMs: 1000 });
    filter.judge(picture('a'), true, 0);
    filter.judge(picture('a'), true, 2000);
    filter.reset();
    const verdict = filter.judge(picture('a'), true, 2100);
    expect(verdict).toEqual({ fresh: true, frozen: false });
  });
});
