// The guard's station window in Electron: on the second monitor when there is one, never on
// the display that faces the queue, and at #guard of the same app entry.
import { describe, expect, it } from 'vitest';
import { stationDisplay, stationUrl } from '../../../electron/station-display';

const primary = { id: 1, bounds: { x: 0, y: 0, width: 1080, height: 1920 } };
const desk = { id: 7, bounds: { x: 1080, y: 0, width: 1366, height: 768 } };

describe('the guard station window', () => {
  it('opens on the monitor that is not the primary', () => {
    expect(stationDisplay([primary, desk], 1)).toBe(desk);
    expect(stationDisplay([desk, primary], 1)).toBe(desk);
  });

  it('does not open with one monitor: the display folds the station out instead', () => {
    expect(stationDisplay([primary], 1)).toBeNull();
    expect(stationDisplay([], 1)).toBeNull();
  });

  it('loads the same entry at #guard', () => {
    expect(stationUrl('kiosk://app/index.html')).toBe('kiosk://app/index.html#guard');
    expect(stationUrl('kiosk://app/index.html#admin')).toBe('kiosk://app/index.html#guard');
  });
});
