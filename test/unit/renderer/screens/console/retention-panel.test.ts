// The retention panel of the audit page lists every kind the contract counts, in both languages,
// so a kind added to the purge cannot go missing from the screen or show as a raw key.
import { describe, expect, it } from 'vitest';
import { retentionCountsSchema } from '../../../../../contract/operations/account-operations';
import { recordKinds } from '../../../../../backend/retention/record-purge';
import { translations } from '../../../../../renderer/i18n/translations';
import { retentionKinds } from '../../../../../renderer/screens/console/RetentionPanel';

describe('the retention panel', () => {
  it('shows every kind the report counts, and the purge counts every kind but entries', () => {
    expect([...retentionKinds].sort()).toEqual(Object.keys(retentionCountsSchema.shape).sort());
    expect(['entries', ...recordKinds].sort()).toEqual([...retentionKinds].sort());
  });

  it.each(Object.keys(translations))(
    'has %s words for every kind and its audit line',
    (language) => {
      const texts = translations[language as keyof typeof translations];
      const keys = [
        ...retentionKinds.map((kind) => `retention.kind.${kind}`),
        'console.audit.action.retentionReport',
      ];
      expect(keys.filter((key) => !(key in texts))).toEqual([]);
    },
  );
});
