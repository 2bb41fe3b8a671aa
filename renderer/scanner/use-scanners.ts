// Wires the two scan sources (camera, keyboard-wedge scanner) through one dedupe into the
// client's `scan` operation, and reports the camera's and the decoder's status for the screen.
// The wedge works from the first render, camera or not, and takes its characters back out of
// the text field they landed in; the camera starts once the settings are known. Must clean up
// every listener, timer, worker and camera track on unmount.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CheckView, ScannerSettings, ScanSource } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
// The longest text the contract accepts for a scan; longer reads are cut, not refused.
import { maxScanLength } from '../../contract/operations/gate-operations';
import { startCameraScanner, type CameraStatus, type DecoderState } from './camera-scanner';
import { createScanDedupe, defaultDedupeWindowMs } from './scan-dedupe';
import { numberFieldKeeps, withoutScan } from './scan-in-field';
import { createWedgeDetector } from './wedge-detector';

export interface ScannerState {
  videoRef: RefObject<HTMLVideoElement | null>;
  cameraStatus: CameraStatus;
  decoder: DecoderState | null;
}

export interface ScanHandlers {
  /** The check as the backend answered the scan (the `check` event follows too). */
  onCheck: (check: CheckView) => void;
  onError: (error: unknown) => void;
}

type Submit = (text: string, source: ScanSource) => void;

export function useScanners(
  client: KioskClient,
  settings: ScannerSettings | null,
  handlers: ScanHandlers,
): ScannerState {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [cameraStatus, setCameraStatus] = useState<CameraStatus>('starting');
  const [decoder, setDecoder] = useState<DecoderState | null>(null);
  const handlersRef = useRef(handlers);
  const submitRef = useRef<Submit>(() => undefined);
  const windowMs = settings ? settings.repeatSeconds * 1000 : defaultDedupeWindowMs;

  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);

  useEffect(() => {
    // One dedupe for both sources: a card read by the camera and the wedge scanner at the
    // same moment is still one person. A monotonic clock: a kiosk's wall clock jumps (NTP).
    const dedupe = createScanDedupe({ windowMs, now: () => performance.now() });
    submitRef.current = (text, source) => {
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
      // The scanner's Enter must not also press whichever button has focus or submit a form.
      event.preventDefault();
      takeScanOutOfField(document.activeElement, text);
      submitRef.current(text, 'wedge');
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      submitRef.current = () => undefined;
    };
  }, [client, windowMs]);

  // The status is refreshed every 30 s as a new object; only a real change restarts the camera.
  const engine = settings?.engine;
  const device = settings?.camera.device;
  const width = settings?.camera.width;
  const height = settings?.camera.height;
  useEffect(() => {
    const video = videoRef.current;
    if (!video || engine === undefined || device === undefined) return;
    if (width === undefined || height === undefined) return;
    return startCameraScanner({
      video,
      engine,
      camera: { device, width, height },
      onCode: (text) => submitRef.current(text, 'camera'),
      onStatus: setCameraStatus,
      onDecoder: setDecoder,
    });
  }, [engine, device, width, height]);

  return { videoRef, cameraStatus, decoder };
}

// The inputs a keyboard types characters into; checkboxes, buttons, dates and the like take none.
const typedInputTypes = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number']);

/**
 * The scanner typed into the focused field before its Enter showed it was a scan (a card scanned
 * while the guard typed a courier's name): its characters go back out. The value is set through
 * the prototype's setter and announced with an `input` event, as a keystroke would, so React
 * sees the change in controlled fields too; the caret goes back where the person left it.
 */
function takeScanOutOfField(element: Element | null, scanned: string): void {
  let field: HTMLInputElement | HTMLTextAreaElement;
  let prototype: HTMLInputElement | HTMLTextAreaElement;
  if (element instanceof HTMLInputElement && typedInputTypes.has(element.type)) {
    [field, prototype] = [element, HTMLInputElement.prototype];
  } else if (element instanceof HTMLTextAreaElement) {
    [field, prototype] = [element, HTMLTextAreaElement.prototype];
  } else {
    return;
  }
  const setValue = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  if (!setValue || field.readOnly || field.disabled) return;
  const before = { value: field.value, caret: field.selectionEnd };
  const keeps = field.type === 'number' ? numberFieldKeeps : undefined;
  const after = withoutScan(before, scanned, keeps);
  if (after.value === before.value) return;
  // A number input shows what was typed but sets only a valid number: a guard's "36." with the
  // scan after it empties the field, which is better than keeping a wrong temperature.
  setValue.call(field, after.value);
  if (after.caret !== null) field.setSelectionRange(after.caret, after.caret);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}
