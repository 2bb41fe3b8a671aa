// The keyboard-wedge detector as a table: fast bursts ending in Enter are scans; slow typing,
// short bursts, Enter alone and bursts broken by a pause are not (or only their tail is).
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, type WedgeKey } from '../../../../renderer/scanner/wedge-detector';

/** Keys typed `gapMs` apart starting at `startAt`; '\n' stands for Enter. */
function typed(text: string, gapMs: number, startAt = 1000): WedgeKey[] {
  return [...text].map((character, index) => ({
    key: character === '\n' ? 'Enter' : character,
    at: startAt + index * gapMs,
  }));
}

function scansOf(keys: WedgeKey[]): string[] {
  const detector = createWedgeDetector({ maxMeanGapMs: 35, maxGapMs: 200, minLength: 4 });
  return keys.map((key) => detector.feed(key)).filter((text): text is string => text !== null);
}

describe('createWedgeDetector', () => {
  const cases: { name: string; keys: WedgeKey[]; scans: string[] }[] = [
    {
      name: 'fast burst ending in Enter is a scan',
      keys: typed('S20240001\n', 8),
      scans: ['S20240001'],
    },
    { name: 'a mean gap right at the limit counts', keys: typed('ABCD\n', 35), scans: ['ABCD'] },
    { name: 'slow human typing is nothing', keys: typed('S20240001\n', 180), scans: [] },
    {
      name: 'fast human typing (90 ms a key) is nothing',
      keys: typed('S20240001\n', 90),
      scans: [],
    },
    { name: 'a mean just over the limit is nothing', keys: typed('ABCDEF\n', 36), scans: [] },
    {
      name: 'one key held up by a busy page does not cut the card number',
      keys: [{ key: 'S', at: 1000 }, ...typed('2026103\n', 4, 1111)],
      scans: ['S2026103'],
    },
    { name: 'Enter alone is nothing', keys: typed('\n', 5), scans: [] },
    { name: 'a burst shorter than minLength is nothing', keys: typed('ABC\n', 5), scans: [] },
    {
      name: 'burst interrupted by a long gap: only the tail counts',
      keys: [...typed('12', 5, 1000), ...typed('345678\n', 5, 2000)],
      scans: ['345678'],
    },
    {
      name: 'burst interrupted by a long gap with a short tail: nothing',
      keys: [...typed('123456', 5, 1000), ...typed('78\n', 5, 2000)],
      scans: [],
    },
    {
      name: 'a pause before Enter: nothing',
      keys: [...typed('ABCDEF', 5, 1000), { key: 'Enter', at: 1500 }],
      scans: [],
    },
    {
      name: 'Shift between characters (capitals) neither adds nor breaks',
      keys: [
        { key: 'Shift', at: 1000 },
        ...typed('AB12', 6, 1002),
        { key: 'Shift', at: 1030 },
        ...typed('CD\n', 6, 1034),
      ],
      scans: ['AB12CD'],
    },
    {
      name: 'a non-printable key (Backspace) breaks the burst',
      keys: [...typed('ABCD', 5, 1000), { key: 'Backspace', at: 1022 }, ...typed('\n', 5, 1026)],
      scans: [],
    },
    {
      name: 'a card scanned right after the guard typed (within 200 ms) is the card alone',
      keys: [...typed('Liu', 120, 1000), ...typed('S2026001\n', 5, 1360)],
      scans: ['S2026001'],
    },
    {
      name: 'a card scanned after a longer name typed is still found',
      keys: [...typed('LiuWei', 150, 1000), ...typed('S2026001\n', 5, 1900)],
      scans: ['S2026001'],
    },
    {
      name: 'one key of a card held up in the middle does not cut the card',
      keys: [...typed('S20', 4, 1000), ...typed('26103\n', 4, 1120)],
      scans: ['S2026103'],
    },
    {
      name: "a person typing a card number at a person's pace is still nothing",
      keys: typed('S2026001\n', 120),
      scans: [],
    },
    {
      name: 'two scans in a row are two scans',
      keys: [...typed('AAAA1\n', 5, 1000), ...typed('BBBB2\n', 5, 3000)],
      scans: ['AAAA1', 'BBBB2'],
    },
  ];

  it.each(cases)('$name', ({ keys, scans }) => {
    expect(scansOf(keys)).toEqual(scans);
  });

  it('starts afresh after reset()', () => {
    const detector = createWedgeDetector();
    for (const key of typed('ABCDEF', 5)) detector.feed(key);
    detector.reset();
    expect(detector.feed({ key: 'Enter', at: 1030 })).toBeNull();
  });
});
