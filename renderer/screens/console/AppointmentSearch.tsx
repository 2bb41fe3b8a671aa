// The appointments page's look-up: one field for a visitor's document or phone number. The kiosk
// finds the appointments by keyed hash and answers with the numbers masked; this form only
// decides which kind of number was typed, and never keeps or shows a number beyond its field.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitorNumberQuery } from '../../../contract/api';
import { normalizePhone } from '../../../contract/phone-number';

/**
 * What the admin typed, as the contract's query: a phone number when it is one by the
 * contract's own rule, a document number otherwise; null for an empty field. No document
 * number is also a phone: ID numbers have 18 characters and permits and passports at most
 * nine, while a valid phone has 10 to 12 digits.
 */
export function visitorNumberQuery(text: string): VisitorNumberQuery | null {
  const value = text.trim();
  if (value === '') return null;
  return normalizePhone(value) === null ? { documentNumber: value } : { phone: value };
}

interface AppointmentSearchProps {
  /** A number to look up, or null to show the whole list again. */
  onSearch: (query: VisitorNumberQuery | null) => void;
}

export function AppointmentSearch({ onSearch }: AppointmentSearchProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <form
      className="appointment-search"
      role="search"
      noValidate
      data-testid="appointment-search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(visitorNumberQuery(text));
      }}
    >
      <label className="settings-field appointment-field">
        <span>{t('appointments.search.label')}</span>
        <input
          value={text}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('appointments.search.hint')}
          data-testid="appointment-search-number"
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit" data-testid="appointment-search-submit">
        {t('appointments.search.find')}
      </button>
      <button
        type="button"
        data-testid="appointment-search-clear"
        onClick={() => {
          setText('');
          onSearch(null);
        }}
      >
        {t('appointments.search.clear')}
      </button>
    </form>
  );
}
