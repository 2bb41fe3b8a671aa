// Which camera to open and how: the settings name a camera by device id or by part of its
// label (null takes the first), and ask for a resolution the browser may round. Pure, so each
// rule is a unit test; it must never open a camera itself.
import type { ScannerSettings } from '../../contract/api';

export type CameraSettings = ScannerSettings['camera'];

export interface VideoInput {
  deviceId: string;
  label: string;
}

/** Why a camera could not be opened, in the words the screen uses. */
export type CameraFailure = 'missing' | 'denied' | 'unavailable';

/**
 * The camera the settings mean, or null when none of the inputs is it. An exact device id
 * wins over a label; labels match case-insensitively on any part ("Logitech" finds
 * "Logitech BRIO (046d:085e)").
 */
export function chooseCamera(
  inputs: readonly VideoInput[],
  wanted: string | null,
): VideoInput | null {
  if (wanted === null) return inputs[0] ?? null;
  const byId = inputs.find((input) => input.deviceId !== '' && input.deviceId === wanted);
  if (byId) return byId;
  const needle = wanted.trim().toLowerCase();
  if (needle === '') return inputs[0] ?? null;
  return inputs.find((input) => input.label.toLowerCase().includes(needle)) ?? null;
}

/** Browsers hide labels (and ids) until the page may use the camera. */
export function labelsKnown(inputs: readonly VideoInput[]): boolean {
  return inputs.some((input) => input.label !== '');
}

/** The video constraints: resolution as `ideal`, so a camera that cannot do it still opens. */
export function videoConstraints(
  camera: CameraSettings,
  deviceId: string | null,
): MediaTrackConstraints {
  const constraints: MediaTrackConstraints = {
    width: { ideal: camera.width },
    height: { ideal: camera.height },
  };
  if (deviceId) constraints.deviceId = { exact: deviceId };
  return constraints;
}

/** getUserMedia's DOMException names, sorted into what the guard can do about them. */
export function classifyCameraError(error: unknown): CameraFailure {
  const name = error instanceof Error || isNamed(error) ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      // Overconstrained here can only be the exact device id: the camera went away.
      return 'missing';
    default:
      // NotReadableError (busy, or a driver fault), AbortError, anything unexpected.
      return 'unavailable';
  }
}

function isNamed(value: unknown): value is { name: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    typeof (value as { name: unknown }).name === 'string'
  );
}
