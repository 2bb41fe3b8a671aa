// The camera keeper against fake media devices: the set camera is opened with its resolution;
// no camera, an unplug ('ended'), a 'devicechange' and a stalled picture each show a status
// and recover by themselves; nothing is left running after stop().
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  startCameraSource,
  type CameraStatus,
  type MediaDevicesLike,
} from '../../../../renderer/scanner/camera-source';

class FakeTrack extends EventTarget {
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly deviceId: string) {
    super();
  }
  stop(): void {
    this.readyState = 'ended';
  }
  getSettings(): { deviceId: string } {
    return { deviceId: this.deviceId };
  }
}

class FakeMedia extends EventTarget implements MediaDevicesLike {
  cameras = [{ deviceId: 'cam-1', label: 'Gate camera' }];
  requests: MediaStreamConstraints[] = [];
  tracks: FakeTrack[] = [];
  failWith: string | null = null;
  lookups = 0;

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    this.lookups += 1;
    return this.cameras.map((camera) => ({ ...camera, kind: 'videoinput' }) as MediaDeviceInfo);
  }
  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    if (this.failWith) throw new DOMException('fake', this.failWith);
    const video = constraints.video as MediaTrackConstraints | true;
    const exact = video === true ? undefined : (video.deviceId as { exact: string } | undefined);
    const track = new FakeTrack(exact?.exact ?? this.cameras[0]?.deviceId ?? '');
    this.tracks.push(track);
    return { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
  }
  unplug(): void {
    this.cameras = [];
    this.failWith = 'NotFoundError';
    for (const track of this.tracks) {
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
    this.dispatchEvent(new Event('devicechange'));
  }
  plug(): void {
    this.cameras = [{ deviceId: 'cam-1', label: 'Gate camera' }];
    this.failWith = null;
    this.dispatchEvent(new Event('devicechange'));
  }
}

const camera = { device: null, width: 1280, height: 720 };

function start(media: FakeMedia, device: string | null = null) {
  const statuses: CameraStatus[] = [];
  const streams: (MediaStream | null)[] = [];
  const source = startCameraSource({
    camera: { ...camera, device },
    media,
    retryMs: 2000,
    onStatus: (status) => statuses.push(status),
    onStream: (stream) => streams.push(stream),
  });
  return { source, statuses, streams };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('startCameraSource', () => {
  it('opens the first camera at the set resolution', async () => {
    const media = new FakeMedia();
    const { statuses, streams, source } = start(media);
    await vi.runAllTimersAsync();
    expect(statuses).toEqual(['starting', 'active']);
    expect(streams).toHaveLength(1);
    expect(media.requests[0]?.video).toEqual({ width: { ideal: 1280 }, height: { ideal: 720 } });
    source.stop();
    expect(media.tracks[0]?.readyState).toBe('ended');
    expect(statuses.at(-1)).toBe('stopped');
  });

  it('opens the set camera by label, with its exact device id', async () => {
    const media = new FakeMedia();
    media.cameras.unshift({ deviceId: 'cam-0', label: 'Front' });
    start(media, 'gate');
    await vi.runAllTimersAsync();
    expect(media.requests[0]?.video).toMatchObject({ deviceId: { exact: 'cam-1' } });
  });

  it('says no camera exists, and opens one as soon as it is plugged in', async () => {
    const media = new FakeMedia();
    media.cameras = [];
    const { statuses, source } = start(media);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['starting', 'missing']);
    expect(media.requests).toHaveLength(0);
    media.plug();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('active');
    source.stop();
  });

  it('shows a lost camera, retries every 2 s and recovers without a reload', async () => {
    const media = new FakeMedia();
    const { statuses, streams, source } = start(media);
    await vi.advanceTimersByTimeAsync(0);
    media.unplug();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('lost');
    expect(streams.at(-1)).toBeNull();
    const lookups = media.lookups;
    await vi.advanceTimersByTimeAsync(4100);
    expect(media.lookups - lookups).toBe(2);
    expect(statuses.at(-1)).toBe('lost'); // still gone: "reconnecting", not "no camera"
    media.cameras = [{ deviceId: 'cam-1', label: 'Gate camera' }];
    media.failWith = null; // back, but without a devicechange: the 2 s retry finds it
    await vi.advanceTimersByTimeAsync(2000);
    expect(statuses.at(-1)).toBe('active');
    expect(streams.at(-1)).not.toBeNull();
    source.stop();
  });

  it('reopens a stalled camera, showing it as lost meanwhile', async () => {
    const media = new FakeMedia();
    const { statuses, source } = start(media);
    await vi.advanceTimersByTimeAsync(0);
    source.reopen('stalled');
    expect(statuses.at(-1)).toBe('lost');
    expect(media.tracks[0]?.readyState).toBe('ended');
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe('active');
    expect(media.tracks).toHaveLength(2);
    source.stop();
  });

  it('stays denied when the camera is not allowed (no retry loop)', async () => {
    const media = new FakeMedia();
    media.failWith = 'NotAllowedError';
    const { statuses } = start(media);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses).toEqual(['starting', 'denied']);
    expect(media.requests).toHaveLength(1);
  });
});
