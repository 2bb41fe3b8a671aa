// The translation files: zh-CN and en have exactly the same keys, no empty text, the same
// placeholders, and a key for every code the contract can send (reasons, missing evidence,
// decisions, error codes), so the screen never shows a raw key.
import { describe, expect, it } from 'vitest';
import {
  accessOf,
  decisionSchema,
  missingSchema,
  operations,
  reasonCodeSchema,
  type OperationName,
} from '../../../contract/api';
import { errorCodeSchema } from '../../../contract/errors';
import { translationFiles, translations } from '../../../renderer/i18n/translations';

const zhCN = translations['zh-CN'];
const en = translations.en;
const locales: Record<string, Record<string, string>> = { 'zh-CN': zhCN, en };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w-]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('translation resources', () => {
  it('have identical key sets in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it.each(Object.keys(translationFiles))('%s defines each key in one file only', (language) => {
    const files = translationFiles[language as keyof typeof translationFiles];
    const keys = files.flatMap((file) => Object.keys(file));
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('have no empty texts and the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(zhCN)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders((en as Record<string, string>)[key] ?? ''), key).toEqual(
        placeholders(text),
      );
    }
  });

  const required = [
    ...reasonCodeSchema.options.map((code) => `reason.${code}`),
    ...missingSchema.options.map((code) => `missing.${code}`),
    ...decisionSchema.options.map((code) => `check.decision.${code}`),
    ...decisionSchema.options.map((code) => `decision.${code}`),
    ...decisionSchema.options
      .filter((code) => code !== 'pass')
      .map((code) => `check.advice.${code}`),
    ...errorCodeSchema.options.map((code) => `error.${code}`),
    ...['starting', 'active', 'unavailable', 'denied', 'stopped'].map(
      (status) => `camera.${status}`,
    ),
  ];

  it.each(Object.keys(locales))('%s has a key for every contract code', (language) => {
    const missing = required.filter((key) => !(key in (locales[language] ?? {})));
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(locales))('%s names every audited action in words', (language) => {
    // The audit page shows what an admin (or the school doctor) did: a raw operation name means
    // nothing to a school.
    const audited = (Object.keys(operations) as OperationName[]).filter(
      (name) => accessOf(name) === 'admin' || accessOf(name) === 'health',
    );
    const missing = audited.filter(
      (name) => !(`console.audit.action.${name}` in (locales[language] ?? {})),
    );
    expect(missing).toEqual([]);
  });

  it('labels the simulated thermometer unmistakably', () => {
    expect(zhCN['status.thermometer.simulated']).toContain('模拟体温计');
    expect(zhCN['status.thermometer.simulated']).toContain('不是真实测温');
    expect(en['status.thermometer.simulated']).toContain('Simulated');
  });
});
