// What a fixed gate camera learns about its own empty scene: the fence, the notice board and
// the railings are busy with sharp steps in every frame, and the pipeline's full-size passes
// find no code there frame after frame. Blocks that stay busy with about the same steps for a
// few frames are the scene, and are left out of the search for regions; a card held up changes
// its blocks and is looked at at once. Every few frames the whole map is used anyway, so a card
// held perfectly still (a phone on a stand) is still looked at closely. Pure compute.
import type { BusyMap } from './busy-blocks';

export interface SteadySceneOptions {
  /** A block busy with the same steps for this many frames in a row is the scene (3). */
  settleFrames?: number;
  /** Every this many frames, nothing is left out (8: about twice a second at 15 frames/s). */
  fullLookEvery?: number;
}

export interface SteadyScene {
  /** The map with the scene's blocks no longer busy; the map given is not changed. */
  withoutScene(map: BusyMap): BusyMap;
}

export function createSteadyScene(options: SteadySceneOptions = {}): SteadyScene {
  const settleFrames = options.settleFrames ?? 3;
  const fullLookEvery = options.fullLookEvery ?? 8;
  let previous: Uint32Array | null = null;
  let steady = new Uint8Array(0);
  let frames = 0;

  function withoutScene(map: BusyMap): BusyMap {
    const { counts } = map;
    if (!previous || previous.length !== counts.length) {
      // The first frame, or another camera or resolution: nothing learnt applies.
      steady = new Uint8Array(counts.length);
      frames = 0;
    } else {
      for (let index = 0; index < counts.length; index += 1) {
        const same = alike(counts[index] as number, previous[index] as number);
        steady[index] = same ? Math.min(255, (steady[index] as number) + 1) : 0;
      }
    }
    previous = counts.slice();
    frames += 1;
    if (frames % fullLookEvery === 0) return map;
    const busy = map.busy.slice();
    for (let index = 0; index < busy.length; index += 1) {
      // steady counts the frames since the first alike one: settleFrames alike in a row.
      if ((steady[index] as number) >= settleFrames - 1 && busy[index] === 1) busy[index] = 0;
    }
    return { ...map, busy };
  }

  return { withoutScene };
}

/**
 * Sharp steps counted in the same block of two frames, alike within sensor noise: a quarter of
 * the larger, and at least 3. A card moving in front of a fence changes its blocks far more.
 */
function alike(now: number, before: number): boolean {
  return Math.abs(now - before) <= Math.max(3, Math.max(now, before) / 4);
}
