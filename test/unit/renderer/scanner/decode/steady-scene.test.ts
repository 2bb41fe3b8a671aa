// A fixed camera's memory of its empty scene: blocks busy with the same steps frame after frame
// (a fence, a notice) stop counting as places to search, a block that changes (a card held up)
// counts at once, a full look still comes every few frames, and another camera starts afresh.
import { describe, expect, it } from 'vitest';
import type { BusyMap } from '../../../../../renderer/scanner/decode/busy-blocks';
import { createSteadyScene } from '../../../../../renderer/scanner/decode/steady-scene';

/** A 4x1 block map with these step counts; busy from 10 steps. */
function mapOf(counts: number[]): BusyMap {
  return {
    block: 8,
    columns: counts.length,
    rows: 1,
    counts: Uint32Array.from(counts),
    busy: Uint8Array.from(counts.map((count) => (count >= 10 ? 1 : 0))),
  };
}

const busyOf = (map: BusyMap): number[] => [...map.busy];

describe('createSteadyScene', () => {
  it('stops searching blocks busy with the same steps for three frames, noise allowed', () => {
    const scene = createSteadyScene({ settleFrames: 3, fullLookEvery: 100 });
    expect(busyOf(scene.withoutScene(mapOf([40, 0, 20, 0])))).toEqual([1, 0, 1, 0]);
    expect(busyOf(scene.withoutScene(mapOf([42, 0, 20, 0])))).toEqual([1, 0, 1, 0]);
    expect(busyOf(scene.withoutScene(mapOf([38, 0, 21, 0])))).toEqual([0, 0, 0, 0]);
    expect(busyOf(scene.withoutScene(mapOf([41, 0, 19, 0])))).toEqual([0, 0, 0, 0]);
  });

  it('searches a block again the frame its steps change, and a new busy block at once', () => {
    const scene = createSteadyScene({ settleFrames: 3, fullLookEvery: 100 });
    for (let frame = 0; frame < 4; frame += 1) scene.withoutScene(mapOf([40, 0, 20, 0]));
    // A card held up over the fence (many more steps) and in a clear part of the view.
    expect(busyOf(scene.withoutScene(mapOf([90, 0, 20, 35])))).toEqual([1, 0, 0, 1]);
    // Held still, it becomes part of the scene too, until it moves.
    scene.withoutScene(mapOf([90, 0, 20, 35]));
    expect(busyOf(scene.withoutScene(mapOf([90, 0, 20, 35])))).toEqual([0, 0, 0, 0]);
    expect(busyOf(scene.withoutScene(mapOf([60, 0, 20, 35])))).toEqual([1, 0, 0, 0]);
  });

  it('hands over the whole map every few frames, for a card held perfectly still', () => {
    const scene = createSteadyScene({ settleFrames: 3, fullLookEvery: 8 });
    const searched = Array.from(
      { length: 16 },
      () => busyOf(scene.withoutScene(mapOf([40, 0, 20, 0])))[0],
    );
    expect(searched).toEqual([1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('never changes the map it is given', () => {
    const scene = createSteadyScene();
    const maps = Array.from({ length: 5 }, () => mapOf([40, 0, 20, 0]));
    for (const map of maps) scene.withoutScene(map);
    expect(maps.map(busyOf)).toEqual(maps.map(() => [1, 0, 1, 0]));
  });

  it('forgets the scene when the camera or resolution changes', () => {
    const scene = createSteadyScene({ settleFrames: 3, fullLookEvery: 100 });
    for (let frame = 0; frame < 4; frame += 1) scene.withoutScene(mapOf([40, 0, 20, 0]));
    expect(busyOf(scene.withoutScene(mapOf([40, 0, 20, 0, 0, 0])))).toEqual([1, 0, 1, 0, 0, 0]);
  });
});
