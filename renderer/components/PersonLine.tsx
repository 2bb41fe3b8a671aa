// Who the check is about, for the prompt and the result: the roster name and class, or, when
// the card matched nobody, the card's own text. Card text comes from outside (anyone can print
// a QR code), so it is cut short and shown only as React text — never as HTML.
import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../contract/api';
import { displayCardText } from '../display/display-format';

interface PersonLineProps {
  person: CheckView['person'];
  cardText: string | null;
  className?: string;
}

export function PersonLine({ person, cardText, className }: PersonLineProps) {
  const { t } = useTranslation();
  if (person) {
    const line = person.className
      ? t('check.person-line', { name: person.name, className: person.className })
      : person.name;
    return (
      <p className={className} data-testid="person">
        {line}
      </p>
    );
  }
  // A visitor's pass is hundreds of characters of code: name it instead of showing it.
  if (cardText?.startsWith('GP1.')) {
    return (
      <p className={className} data-testid="card-text">
        {t('check.visitor-pass')}
      </p>
    );
  }
  if (cardText) {
    return (
      <p className={className} data-testid="card-text">
        <span className="card-text-label">{t('check.card-text')}</span>
        <bdi className="card-text">{displayCardText(cardText)}</bdi>
      </p>
    );
  }
  return null;
}

/** The person's name or the (shortened) card text, for one-line lists. */
export function whoText(person: CheckView['person'], cardText: string | null): string {
  if (person) return person.name;
  return cardText ? displayCardText(cardText, 24) : '—';
}
