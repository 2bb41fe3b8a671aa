// The one line a panel or form shows after an action: what was done (a status) or what went
// wrong (an alert, read out at once). Each place keeps its own class and test id.
import { useTranslation } from 'react-i18next';

/** A guard panel's note: a translation key, its values, and whether it is done or a problem. */
export interface ToneNote {
  key: string;
  params?: Record<string, string>;
  tone: 'done' | 'problem';
}

export function ToneNoteLine({
  note,
  className,
  testId,
}: {
  note: ToneNote | null;
  className: string;
  testId: string;
}) {
  const { t } = useTranslation();
  if (note === null) return null;
  return (
    <p
      className={className}
      data-tone={note.tone}
      role={note.tone === 'problem' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {t(note.key, note.params)}
    </p>
  );
}

/** What an admin form's save said, already in words; `bad` when it was refused. */
export function FormMessage({
  message,
  testId,
}: {
  message: { text: string; bad: boolean } | null;
  testId: string;
}) {
  if (message === null) return null;
  return (
    <p
      className={message.bad ? 'appointment-message bad' : 'appointment-message'}
      role={message.bad ? 'alert' : 'status'}
      data-testid={testId}
    >
      {message.text}
    </p>
  );
}
