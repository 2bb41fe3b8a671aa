// The policy screen's choice for visitors' passes at a gate that cannot reach its school hub
// (passesWhileHubAway): read from the stored policy, saved as chosen (and accepted by the
// kiosk's policySchema), and shown with both choices and a word that it is for a hub's gates,
// in both languages.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy, policySchema } from '../../../../../backend/checks/policy';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import { PassesWhileHubAway } from '../../../../../renderer/screens/console/PolicyFields';
import {
  fromDraft,
  toDraft,
  type Body,
  type PolicyDraft,
} from '../../../../../renderer/screens/console/policy-draft';

const now = Date.parse('2026-11-23T00:00:00.000Z');
const base = { ...defaultPolicy } as Body;

/** The fieldset as the reader sees it, and which choice is ticked. */
function shown(draft: PolicyDraft): { text: string; checked: string | undefined } {
  const markup = renderToStaticMarkup(
    <PassesWhileHubAway draft={draft} errors={{}} onChange={() => undefined} />,
  );
  return {
    text: markup
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;/g, "'")
      .replace(/\s+/g, ' ')
      .trim(),
    checked: /<input[^>]*data-testid="policy-hub-away-(\w+)"[^>]*checked=""/.exec(markup)?.[1],
  };
}

beforeAll(() => {
  setupI18n();
});

describe('passes while the hub is away, in the policy draft', () => {
  it('reads admit from a policy that does not say (the default) and refuse from one that does', () => {
    expect(toDraft(base).passesWhileHubAway).toBe('admit');
    const older = { ...base };
    delete older.passesWhileHubAway;
    expect(toDraft(older).passesWhileHubAway).toBe('admit');
    expect(toDraft({ ...base, passesWhileHubAway: 'refuse' }).passesWhileHubAway).toBe('refuse');
  });

  it('saves the choice, and the kiosk accepts it', () => {
    for (const [stored, chosen] of [
      ['admit', 'refuse'],
      ['refuse', 'admit'],
    ] as const) {
      const body = { ...base, passesWhileHubAway: stored };
      const result = fromDraft({ ...toDraft(body), passesWhileHubAway: chosen }, body, now);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(policySchema.parse(result.policy).passesWhileHubAway).toBe(chosen);
    }
  });
});

describe('passes while the hub is away, on the policy screen', () => {
  it('offers both choices, the stored one ticked, and says it is for a school hub’s gates', () => {
    const refusing = shown(toDraft({ ...base, passesWhileHubAway: 'refuse' }));
    expect(refusing.checked).toBe('refuse');
    expect(refusing.text).toContain('校门连不上学校中心时的访客码');
    expect(refusing.text).toContain('只用于连接学校中心的各个校门');
    expect(refusing.text).toContain('按本校门的记录放行');
    expect(refusing.text).toContain('暂停放行访客码，直到校门重新连上学校中心');
    expect(shown(toDraft(base)).checked).toBe('admit');
  });

  describe('in English', () => {
    beforeAll(async () => {
      await i18next.changeLanguage('en');
    });
    afterAll(async () => {
      await i18next.changeLanguage('zh-CN');
    });

    it('says the same', () => {
      const { text } = shown(toDraft(base));
      expect(text).toContain('Visitor passes while a gate cannot reach the hub');
      expect(text).toContain('Only for the gates of a school hub.');
      expect(text).toContain("Admit the visitor by the gate's own count");
      expect(text).toContain('Refuse visitor passes until the gate reaches the hub again');
    });
  });
});
