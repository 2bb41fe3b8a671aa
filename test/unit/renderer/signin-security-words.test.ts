// The words for what the kiosk now refuses at sign-in and in a new secret, in both languages:
// one sentence for every refused sign-in (a wrong secret, an unknown name and a lock alike), and
// one for each reason a PIN or password is refused (secret-hash.ts secretProblem).
import { describe, expect, it } from 'vitest';
import type { SecretProblem } from '../../../backend/accounts/secret-hash';
import { translations } from '../../../renderer/i18n/translations';

/** Every problem secretProblem can name (the compiler checks the list is whole). */
const problems: Record<SecretProblem, true> = {
  'pin-format': true,
  'pin-pattern': true,
  'password-short': true,
  'password-common': true,
};

describe.each(['zh-CN', 'en'] as const)('%s', (language) => {
  const texts = translations[language];

  it('has words for each reason a new PIN or password is refused', () => {
    for (const problem of Object.keys(problems)) {
      expect(texts[`signin-security.secret.${problem}`], problem).toEqual(expect.any(String));
    }
  });

  it('tells a refused sign-in that a lock may be why, with its longest wait', () => {
    for (const scope of ['admin', 'shift']) {
      expect(texts[`signin-security.refused.${scope}`]).toMatch(/15/);
    }
  });
});
