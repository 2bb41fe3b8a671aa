// The guard's station itself: devices and upload at a glance, the guard's tools (sign-in, people
// waiting for a retest, lookup, readings, forms) and the recent checks with names. Shown on the
// guard's own screen (#guard) or folded out on the display for a kiosk with one screen; never
// to the queue unless a guard opened it.
import type { Dispatch } from 'react';
import type { CheckView, StorageStatus } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { GuardPanel } from '../components/GuardPanel';
import { RecentChecks } from '../components/RecentChecks';
import { StatusBar } from '../components/StatusBar';
import type { Language } from '../i18n/setup-i18n';
import type { CameraStatus } from '../scanner/camera-source';
import type { DecoderState } from '../scanner/decode-client';
import type { GateAction, GateState } from './gate-state';

interface StationBodyProps {
  client: KioskClient;
  state: GateState;
  dispatch: Dispatch<GateAction>;
  storage: StorageStatus | null;
  /** The camera of this window, when it has one (the display's); the station's has none. */
  camera: { status: CameraStatus; decoder: DecoderState | null } | null;
  language: Language;
  /** Absent on the display, whose own bar has the language switch. */
  onSwitchLanguage?: () => void;
  onError: (error: unknown) => void;
}

export function StationBody(props: StationBodyProps) {
  const { client, state, dispatch, storage, onError } = props;
  const { pending } = state;
  return (
    <>
      <StatusBar
        gateName={state.gateName}
        thermometer={state.thermometer}
        relay={state.relay}
        upload={state.upload}
        hub={state.hub}
        storage={storage}
        camera={props.camera}
        thresholdCelsius={state.policy?.feverThresholdCelsius ?? null}
        lastReading={state.lastReading}
        language={props.language}
        onSwitchLanguage={props.onSwitchLanguage}
      />
      <GuardPanel
        client={client}
        hasPendingCheck={pending !== null && !isNotice(pending)}
        simulated={state.thermometer?.simulated ?? false}
        onCancelled={() => dispatch({ type: 'check-cancelled' })}
        onError={onError}
      />
      <RecentChecks entries={state.recent} />
    </>
  );
}

/**
 * A countdown shown to someone who scanned before their retest was due, or the prompt after a
 * health code shown before the card: nothing is open at the lane, so there is nothing to cancel.
 */
function isNotice(check: CheckView): boolean {
  return check.retestWaitSeconds !== null || check.healthCodeHeld === true;
}
