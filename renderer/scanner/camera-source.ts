// Keeps the kiosk camera open: picks it from the settings, notices when it goes away (track
// 'ended', 'devicechange', or the scanner reporting a stalled or frozen picture) and opens it
// again every few seconds until it is back, without a reload. It must never throw out of a
// callback or leave a track running after stop().
import {
  chooseCamera,
  classifyCameraError,
  labelsKnown,
  videoConstraints,
  type CameraSettings,
  type VideoInput,
} from './camera-choice';

export type CameraStatus =
  'starting' | 'active' | 'missing' | 'lost' | 'frozen' | 'unavailable' | 'denied' | 'stopped';

/** The part of MediaDevices used here, so tests and other shells can pass their own. */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

export interface CameraSourceOptions {
  camera: CameraSettings;
  /** A new stream to show and read, or null when the old one is gone. */
  onStream: (stream: MediaStream | null) => void;
  onStatus: (status: CameraStatus) => void;
  /** While the camera is missing or lost, try again this often. */
  retryMs?: number;
  media?: MediaDevicesLike;
}

export interface CameraSource {
  /** The picture stalled (shown as lost) or froze (status left to the caller): open again. */
  reopen(problem: 'stalled' | 'frozen'): void;
  stop(): void;
}

export function startCameraSource(options: CameraSourceOptions): CameraSource {
  const retryMs = options.retryMs ?? 2000;
  const media = options.media ?? browserMediaDevices();
  let stream: MediaStream | null = null;
  let generation = 0;
  let opening = false;
  let recovering = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function report(status: CameraStatus): void {
    if (!stopped) options.onStatus(status);
  }

  function close(): void {
    if (!stream) return;
    for (const track of stream.getVideoTracks()) track.removeEventListener('ended', onEnded);
    release(stream);
    stream = null;
    options.onStream(null);
  }

  async function open(): Promise<void> {
    clearTimeout(timer);
    if (!media) return report('unavailable');
    if (stopped || opening || stream) return;
    opening = true;
    const mine = ++generation;
    if (!recovering) report('starting');
    try {
      const opened = await openCamera(media, options.camera);
      if (stopped || mine !== generation) return release(opened);
      stream = opened;
      recovering = false;
      for (const track of opened.getVideoTracks()) track.addEventListener('ended', onEnded);
      options.onStream(opened);
      report('active');
    } catch (error) {
      if (stopped || mine !== generation) return;
      const failure = classifyCameraError(error);
      if (failure === 'denied') return report('denied'); // Only the admin can change that.
      report(recovering ? 'lost' : failure);
      timer = setTimeout(() => void open(), retryMs);
    } finally {
      opening = false;
    }
  }

  function onEnded(): void {
    if (stopped) return;
    close();
    recovering = true;
    report('lost');
    clearTimeout(timer);
    timer = setTimeout(() => void open(), retryMs);
  }

  /** Plugged in or out: open now if we have no camera, or notice that ours is gone. */
  async function onDeviceChange(): Promise<void> {
    if (stopped) return;
    if (!stream) return open();
    const track = stream.getVideoTracks()[0];
    if (!track || track.readyState === 'ended') return onEnded();
    const id = track.getSettings().deviceId;
    const inputs = await listCameras(media);
    if (id && inputs.length > 0 && !inputs.some((input) => input.deviceId === id)) onEnded();
  }
  const deviceChanged = (): void => {
    onDeviceChange().catch((error: unknown) => console.warn('devicechange failed', error));
  };

  media?.addEventListener('devicechange', deviceChanged);
  void open();

  return {
    reopen(problem) {
      if (stopped) return;
      generation += 1;
      opening = false;
      close();
      recovering = true;
      if (problem === 'stalled') report('lost');
      void open();
    },
    stop() {
      stopped = true;
      generation += 1;
      clearTimeout(timer);
      media?.removeEventListener('devicechange', deviceChanged);
      close();
      options.onStatus('stopped');
    },
  };
}

async function openCamera(media: MediaDevicesLike, camera: CameraSettings): Promise<MediaStream> {
  let inputs = await listCameras(media);
  if (inputs.length === 0) throw new DOMException('No camera is connected', 'NotFoundError');
  let choice = chooseCamera(inputs, camera.device);
  if (!choice && !labelsKnown(inputs)) {
    // Labels stay hidden until the page may use a camera: open any once, then look again.
    release(await media.getUserMedia({ video: true, audio: false }));
    inputs = await listCameras(media);
    choice = chooseCamera(inputs, camera.device);
  }
  if (!choice) throw new DOMException(`No camera matches "${camera.device}"`, 'NotFoundError');
  const deviceId = camera.device === null ? null : choice.deviceId;
  return media.getUserMedia({ video: videoConstraints(camera, deviceId), audio: false });
}

async function listCameras(media: MediaDevicesLike | undefined): Promise<VideoInput[]> {
  if (!media) return [];
  const devices = await media.enumerateDevices();
  return devices
    .filter((device) => device.kind === 'videoinput')
    .map(({ deviceId, label }) => ({ deviceId, label }));
}

function browserMediaDevices(): MediaDevicesLike | undefined {
  // Undefined outside a secure context (plain http on a LAN address): no camera, wedge only.
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

function release(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
