// Which camera the settings mean (device id, part of a label, or the first), the constraints
// asked for, and how getUserMedia's errors become what the screen says.
import { describe, expect, it } from 'vitest';
import {
  chooseCamera,
  classifyCameraError,
  labelsKnown,
  videoConstraints,
} from '../../../../renderer/scanner/camera-choice';

const inputs = [
  { deviceId: 'id-front', label: 'Integrated Camera (04f2:b6dd)' },
  { deviceId: 'id-gate', label: 'Logitech BRIO (046d:085e)' },
];

describe('chooseCamera', () => {
  it('takes the first camera when none is set', () => {
    expect(chooseCamera(inputs, null)?.deviceId).toBe('id-front');
    expect(chooseCamera([], null)).toBeNull();
  });

  it('finds a camera by device id, then by any part of its label, ignoring case', () => {
    expect(chooseCamera(inputs, 'id-gate')?.deviceId).toBe('id-gate');
    expect(chooseCamera(inputs, 'logitech')?.deviceId).toBe('id-gate');
    expect(chooseCamera(inputs, '046d:085e')?.deviceId).toBe('id-gate');
  });

  it('finds nothing when the set camera is not connected', () => {
    expect(chooseCamera(inputs, 'Hikvision')).toBeNull();
    expect(chooseCamera([{ deviceId: '', label: '' }], 'Logitech')).toBeNull();
  });

  it('knows when labels are still hidden', () => {
    expect(labelsKnown(inputs)).toBe(true);
    expect(labelsKnown([{ deviceId: '', label: '' }])).toBe(false);
  });
});

describe('videoConstraints', () => {
  it('asks for the resolution as ideal and the device as exact', () => {
    const camera = { device: 'Logitech', width: 1280, height: 720 };
    expect(videoConstraints(camera, 'id-gate')).toEqual({
      width: { ideal: 1280 },
      height: { ideal: 720 },
      deviceId: { exact: 'id-gate' },
    });
    expect(videoConstraints({ ...camera, device: null }, null)).toEqual({
      width: { ideal: 1280 },
      height: { ideal: 720 },
    });
  });
});

describe('classifyCameraError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['NotReadableError', 'unavailable'],
    ['AbortError', 'unavailable'],
  ])('%s is %s', (name, failure) => {
    expect(classifyCameraError(new DOMException('x', name))).toBe(failure);
  });

  it('calls anything else unavailable', () => {
    expect(classifyCameraError(new TypeError('x'))).toBe('unavailable');
    expect(classifyCameraError('nonsense')).toBe('unavailable');
    expect(classifyCameraError({ name: 'NotFoundError' })).toBe('missing');
  });
});
