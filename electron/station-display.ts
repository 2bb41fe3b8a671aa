// Where the guard's station opens in the Electron kiosk: on a second monitor when one is
// connected (the kiosk window keeps the primary, facing the queue), else nowhere — the display
// then folds the station out itself when a guard signs in. Pure: plain data in, plain data out;
// this module must never import the Electron runtime.

export interface DisplayArea {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/** The monitor for the guard's station: the first one that is not the primary, or null. */
export function stationDisplay(
  displays: readonly DisplayArea[],
  primaryId: number,
): DisplayArea | null {
  return displays.find((display) => display.id !== primaryId) ?? null;
}

/** The station's page: the same app entry, at #guard. */
export function stationUrl(entryUrl: string): string {
  return `${entryUrl.replace(/#.*$/, '')}#guard`;
}
