// Wires the two scan sources (camera, keyboard-wedge scanner) through one dedupe into the
// client's `scan` operation, and reports the camera status for the screen. Must clean up every
// listener, timer and camera track when the screen unmounts.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CheckView, IdentitySource } from '../../electron/contract/api';
import type { KioskClient } from '../../electron/contract/client';
import { startCameraScanner, type CameraStatus } from './camera-scanner';
import { createScanDedupe } from './scan-dedupe';
import { createWedgeDetector } from './wedge-detector';

export interface ScannerState {
  videoRef: RefObject<HTMLVideoElement | null>;
  cameraStatus: CameraStatus;
}

/** Longest text the contract accepts for a scan; longer reads are cut, not refused. */
const maxScanLength = 512;

export interface ScanHandlers {
  /** The check as the backend answered the scan (the `check` event follows too). */
  onCheck: (check: CheckView) => void;
  onError: (error: unknown) => void;
}

export function useScanners(client: KioskClient, handlers: ScanHandlers): ScannerState {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [cameraStatus, setCameraStatus] = useState<CameraStatus>('starting');
  const handlersRef = useRef(handlers);

  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);

  useEffect(() => {
    // One dedupe for both sources: a card read by the camera and the wedge scanner at the
    // same moment is still one person.
    const dedupe = createScanDedupe();
    const submit = (text: string, source: IdentitySource): void => {
      const trimmed = text.trim().slice(0, maxScanLength);
      if (!trimmed || !dedupe.accept(trimmed)) return;
      client.call('scan', { text: trimmed, source }).then(
        (check) => handlersRef.current.onCheck(check),
        (error: unknown) => handlersRef.current.onError(error),
      );
    };

    const detector = createWedgeDetector();
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      const text = detector.feed({ key: event.key, at: event.timeStamp });
      if (text === null) return;
      // The scanner's Enter must not also press whichever button has focus.
      event.preventDefault();
      submit(text, 'wedge');
    };
    window.addEventListener('keydown', onKey, { capture: true });

    const video = videoRef.current;
    const stopCamera = video
      ? startCameraScanner({
          video,
          onCode: (text) => submit(text, 'camera'),
          onStatus: setCameraStatus,
        })
      : () => undefined;

    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      stopCamera();
    };
  }, [client]);

  return { videoRef, cameraStatus };
}
