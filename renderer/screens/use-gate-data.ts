// Feeds the gate reducer from the backend: status and recent entries on load (retrying while the
// backend is unreachable), the pushed events, and the timers that end a shown result and
// an error message. Every subscription and timer it starts is released on unmount.
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { CheckView } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeSchema, type ErrorCode } from '../../contract/errors';
import { errorCodeOf } from '../api/kiosk-client';
import {
  gateReducer,
  initialGateState,
  recentLimit,
  resultDisplayMs,
  type GateAction,
  type GateState,
} from './gate-state';

const retryMs = 5000;
const refreshMs = 30_000;
const errorDisplayMs = 8000;

export interface ShownError {
  code: ErrorCode;
  /** The backend's own words, shown for faults only (the guard may need to pass them on). */
  detail: string | null;
  /** A fault stays until the guard dismisses it; a failed operation fades after a while. */
  sticky: boolean;
  /** Increases with each error, so the same code twice restarts its timer. */
  serial: number;
}

export interface GateData {
  state: GateState;
  dispatch: (action: GateAction) => void;
  error: ShownError | null;
  showError: (error: unknown) => void;
  dismissError: () => void;
  acceptScanAnswer: (check: CheckView) => void;
}

export function useGateData(client: KioskClient): GateData {
  const [state, dispatch] = useReducer(gateReducer, initialGateState);
  const [error, setError] = useState<ShownError | null>(null);

  const showError = useCallback((thrown: unknown) => {
    console.warn('Kiosk operation failed', thrown);
    setError((previous) =>
      previous?.sticky
        ? previous
        : { code: errorCodeOf(thrown), detail: null, sticky: false, serial: nextSerial(previous) },
    );
  }, []);
  const dismissError = useCallback(() => setError(null), []);
  const acceptScanAnswer = useCallback(
    (check: CheckView) => dispatch({ type: 'scan-answered', check, at: Date.now() }),
    [],
  );

  // Pushed events first, so nothing that happens while status loads is lost.
  useEffect(() => {
    const unsubscribers = [
      client.subscribe('check', (check) => dispatch({ type: 'check', check, at: Date.now() })),
      client.subscribe('entry-saved', (entry) => dispatch({ type: 'entry-saved', entry })),
      client.subscribe('thermometer', (thermometer) =>
        dispatch({ type: 'thermometer', thermometer }),
      ),
      client.subscribe('relay', (relay) => dispatch({ type: 'relay', relay })),
      client.subscribe('upload', (upload) => dispatch({ type: 'upload', upload })),
      client.subscribe('hub', (hub) => dispatch({ type: 'hub', hub })),
      client.subscribe('policy', (policy) => dispatch({ type: 'policy', policy })),
      client.subscribe('reading', (reading) => dispatch({ type: 'reading', reading })),
      client.subscribe('fault', (fault) => {
        const code = errorCodeSchema.safeParse(fault.code);
        setError((previous) => ({
          code: code.success ? code.data : 'internal',
          detail: fault.message,
          sticky: true,
          serial: nextSerial(previous),
        }));
      }),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [client]);

  // Status and recent entries; retried until the backend answers, then refreshed now and then
  // so a missed event cannot leave the guard looking at a stale thermometer state.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    let loaded = false;
    const load = async (): Promise<void> => {
      try {
        const status = await client.call('status', {});
        if (cancelled) return;
        dispatch({ type: 'status-loaded', status, at: Date.now(), includeCheck: !loaded });
        if (!loaded) {
          const entries = await client.call('recentEntries', { limit: recentLimit });
          if (cancelled) return;
          dispatch({ type: 'recent-loaded', entries });
          loaded = true;
        }
        setError((current) =>
          current?.code === 'unavailable' && !current.sticky ? null : current,
        );
      } catch (thrown) {
        if (!cancelled) showError(thrown);
      }
      if (!cancelled) timer = setTimeout(() => void load(), loaded ? refreshMs : retryMs);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, showError]);

  const resultId = state.result?.id;
  useEffect(() => {
    if (resultId === undefined) return;
    const timer = setTimeout(
      () => dispatch({ type: 'result-expired', entryId: resultId }),
      resultDisplayMs,
    );
    return () => clearTimeout(timer);
  }, [resultId]);

  useEffect(() => {
    if (!error || error.sticky) return;
    const timer = setTimeout(() => setError(null), errorDisplayMs);
    return () => clearTimeout(timer);
  }, [error]);

  return { state, dispatch, error, showError, dismissError, acceptScanAnswer };
}

function nextSerial(previous: ShownError | null): number {
  return (previous?.serial ?? 0) + 1;
}
