// The guard's desk for people who do not go through the turnstile: couriers leaving a parcel
// and walk-in visitors waiting for an admin's approval. Two buttons in the guard panel; the
// chosen form opens over the guard's corner only, never over the instruction or the result.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { CourierForm } from './CourierForm';
import { WalkInList } from './WalkInList';
import { WalkInRequest } from './WalkInRequest';
import '../styles/visitor-desk.css';

type Sheet = 'courier' | 'walk-in' | null;

export function VisitorDesk({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [sheet, setSheet] = useState<Sheet>(null);
  // Bumped when a request is sent, so the list shows it at once rather than at the next poll.
  const [sent, setSent] = useState(0);

  // The same buttons sit in the panel while closed and atop the sheet while open (the sheet
  // covers the panel), so the guard can switch forms or close without looking elsewhere.
  const buttons = (
    <div className="visitor-desk-buttons">
      {(['courier', 'walk-in'] as const).map((name) => (
        <button
          key={name}
          type="button"
          aria-expanded={sheet === name}
          data-testid={`open-${name}`}
          onClick={() => setSheet(name)}
        >
          {t(`visitor-desk.${name}`)}
        </button>
      ))}
      {sheet === null ? null : (
        <button
          type="button"
          className="visitor-desk-close"
          data-testid="close-desk"
          onClick={() => setSheet(null)}
        >
          {t('visitor-desk.close')}
        </button>
      )}
    </div>
  );

  return (
    <div className="visitor-desk" data-testid="visitor-desk">
      {sheet === null ? (
        buttons
      ) : (
        <div className="visitor-desk-sheet" data-testid={`desk-${sheet}`}>
          {buttons}
          {sheet === 'courier' ? (
            <CourierForm client={client} />
          ) : (
            <>
              <WalkInRequest client={client} onSent={() => setSent((count) => count + 1)} />
              <WalkInList client={client} version={sent} />
            </>
          )}
        </div>
      )}
    </div>
  );
}
