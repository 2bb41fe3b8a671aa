// The scan dedupe with an injected clock: one code seen again within the window is one scan;
// a different code, or the same one after it has been away for the window, is a new scan.
import { describe, expect, it } from 'vitest';
import { createScanDedupe } from '../../../../renderer/scanner/scan-dedupe';

function clockAt(start = 0): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('createScanDedupe', () => {
  it('counts the same code within 3 s (default) as one scan', () => {
    const clock = clockAt();
    const dedupe = createScanDedupe({ now: clock.now });
    expect(dedupe.accept('S1')).toBe(true);
    clock.advance(100);
    expect(dedupe.accept('S1')).toBe(false);
    clock.advance(2800);
    expect(dedupe.accept('S1')).toBe(false);
  });

  it('accepts the same code again once it has been away for the window', () => {
    const clock = clockAt();
    const dedupe = createScanDedupe({ now: clock.now, windowMs: 3000 });
    expect(dedupe.accept('S1')).toBe(true);
    clock.advance(3000);
    expect(dedupe.accept('S1')).toBe(true);
  });

  it('keeps a card held in view as one scan (the window slides with each sighting)', () => {
    const clock = clockAt();
    const dedupe = createScanDedupe({ now: clock.now, windowMs: 3000 });
    expect(dedupe.accept('S1')).toBe(true);
    for (let frame = 0; frame < 100; frame += 1) {
      clock.advance(100); // ten seconds of frames, ten a second
      expect(dedupe.accept('S1')).toBe(false);
    }
  });

  it('treats different codes independently', () => {
    const clock = clockAt();
    const dedupe = createScanDedupe({ now: clock.now });
    expect(dedupe.accept('S1')).toBe(true);
    expect(dedupe.accept('S2')).toBe(true);
    clock.advance(500);
    expect(dedupe.accept('S1')).toBe(false);
    expect(dedupe.accept('S2')).toBe(false);
  });

  it('forgets everything on clear()', () => {
    const clock = clockAt();
    const dedupe = createScanDedupe({ now: clock.now });
    dedupe.accept('S1');
    dedupe.clear();
    expect(dedupe.accept('S1')).toBe(true);
  });

  it('honours a custom window', () => {
    const clock = clockAt();
    const dedupe = createScanDedupe({ now: clock.now, windowMs: 500 });
    dedupe.accept('S1');
    clock.advance(499);
    expect(dedupe.accept('S1')).toBe(false);
    clock.advance(500);
    expect(dedupe.accept('S1')).toBe(true);
  });
});
