// Every word the reader can see, in both languages: each key the renderer names (a literal in
// t('…'), a key kept in a string, the family of a key built from a code) and each member of the
// contract's enums that is shown by prefix must exist in zh-CN and en; and no zh-CN text may be
// Latin letters alone, which would put English (or an id) on a Chinese screen.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decisionSchema,
  deviceProblemSchema,
  missingSchema,
  personKindSchema,
  reasonCodeSchema,
  relayStatusSchema,
  retestResolutionSchema,
  roleSchema,
  scannerEngineSchema,
  storageStateSchema,
  thermometerStatusSchema,
  uploadStatusSchema,
} from '../../../contract/api';
import { errorCodeSchema } from '../../../contract/errors';
import { answerSchema, healthCodeColourSchema } from '../../../contract/gate-flow-schemas';
import {
  caseEventKindSchema,
  caseOutcomeSchema,
  guardianMethodSchema,
} from '../../../contract/operations/case-operations';
import {
  documentProblemSchema,
  documentTypeSchema,
  walkInStateSchema,
} from '../../../contract/operations/courier-operations';
import { exportFormatSchema } from '../../../contract/operations/export-operations';
import {
  rosterColumnSchema,
  settableStatusSchema,
} from '../../../contract/operations/roster-operations';
import type { CsvSyntaxWhy, NotWorkbookWhy } from '../../../backend/roster/roster-messages';
import { thermometerDrivers } from '../../../renderer/display/device-words';
import { translations } from '../../../renderer/i18n/translations';

const root = join(import.meta.dirname, '../../..');
const languages = Object.keys(translations) as (keyof typeof translations)[];
const zhKeys = Object.keys(translations['zh-CN']);
const namespaces = new Set(zhKeys.map((key) => key.split('.')[0]));

/**
 * zh-CN texts that may be Latin letters only, each for a reason: the switch to English is
 * written in English so that a reader without Chinese can find it; °C is the unit on every
 * thermometer; PIN is the word printed on Chinese keypads; a CSV file is called CSV in Excel.
 */
const latinAllowed: Readonly<Record<string, string>> = {
  'language.switch': 'English',
  'language.switch-label': 'Switch to English',
  'format.celsius': '{{value}} °C',
  'console.accounts.pin': 'PIN',
  'console.export.csv': 'CSV（UTF-8）',
};

/** Whether each member of a NotWorkbookWhy or CsvSyntaxWhy is listed (the compiler checks). */
const workbookWhys: Record<NotWorkbookWhy, true> = {
  empty: true,
  'old-or-locked': true,
  'not-zip': true,
  damaged: true,
};
const csvWhys: Record<CsvSyntaxWhy, true> = { quote: true, other: true };

/** Codes the screen shows as `<prefix><code>`, by the prefix it puts in front. */
const shownByPrefix: [string, readonly string[]][] = [
  ['reason.', reasonCodeSchema.options],
  ['missing.', missingSchema.options],
  ['check.decision.', decisionSchema.options],
  ['decision.', decisionSchema.options],
  ['check.advice.', decisionSchema.options.filter((code) => code !== 'pass')],
  ['error.', errorCodeSchema.options],
  ['device-problem.', deviceProblemSchema.options],
  ['upload.error.', uploadStatusSchema.shape.lastErrorCode.unwrap().options],
  ['upload.state.', ['retrying', 'stopped']],
  ['upload.report.', uploadStatusSchema.shape.report.unwrap().shape.state.options],
  ['status.storage.', storageStateSchema.options],
  ['decoder.engine.', scannerEngineSchema.options],
  ['settings.driver.', thermometerDrivers],
  ['settings.relay.', relayStatusSchema.shape.driver.options],
  ['settings.mode.', thermometerStatusSchema.shape.mode.options],
  ['camera.', ['starting', 'active', 'unavailable', 'denied', 'stopped']],
  ['cases.kind.', personKindSchema.options],
  ['cases.outcome.', caseOutcomeSchema.options],
  ['cases.event.', caseEventKindSchema.options],
  ['cases.method.', guardianMethodSchema.options],
  ['retest.resolution.', retestResolutionSchema.options],
  ['gate-flow.answer.', answerSchema.options],
  ['gate-flow.colour.', healthCodeColourSchema.options],
  ['walk-in.problem.', documentProblemSchema.options],
  ['walk-in.document.', documentTypeSchema.options],
  ['walk-in.state.', walkInStateSchema.options],
  ['appointments.problem.', documentProblemSchema.options],
  ['appointments.document.', documentTypeSchema.options],
  ['console.people.status.', [...settableStatusSchema.options, 'left']],
  ['console.roster.column.', rosterColumnSchema.options],
  ['console.roster.workbook-why.', Object.keys(workbookWhys)],
  ['console.roster.csv-why.', Object.keys(csvWhys)],
  ['console.accounts.role.', roleSchema.options],
  ['console.audit.role.', roleSchema.options],
  ['console.audit.format.', exportFormatSchema.options],
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const sources = sourceFiles(join(root, 'renderer')).map((path) => ({
  file: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

/** Keys written out whole: in t('…'), or kept in a string of a key's shape and namespace. */
function literalKeys(): { file: string; key: string }[] {
  return sources.flatMap(({ file, text }) =>
    [...text.matchAll(/(['"`])([a-z][a-z0-9-]*(?:\.[A-Za-z0-9-]+)+)\1/g)]
      .map((match) => match[2] ?? '')
      .filter((key) => namespaces.has(key.split('.')[0]))
      .map((key) => ({ file, key })),
  );
}

/** Keys built from a code (`reason.${code}`): at least one key of the family must exist. */
function keyFamilies(): { file: string; pattern: RegExp; source: string }[] {
  return sources.flatMap(({ file, text }) =>
    [...text.matchAll(/`([a-z][a-z0-9-]*\.[^`\s]*\$\{[^`]*)`/g)]
      .map((match) => match[1] ?? '')
      .filter((source) => namespaces.has(source.split('.')[0]))
      .map((source) => {
        const parts = source
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^()|[\]\\]/g, '\\$&'));
        return { file, source, pattern: new RegExp(`^${parts.join('[\\w.-]+')}$`) };
      }),
  );
}

describe('every key the screen names', () => {
  it('finds the keys it walks (the walk itself works)', () => {
    expect(literalKeys().length).toBeGreaterThan(300);
    expect(keyFamilies().length).toBeGreaterThan(20);
  });

  it.each(languages)('%s has every key written out in the renderer', (language) => {
    const texts = translations[language];
    const missing = literalKeys().filter(({ key }) => !(key in texts));
    expect(missing).toEqual([]);
  });

  it.each(languages)('%s has a key for every family built from a code', (language) => {
    const keys = Object.keys(translations[language]);
    const empty = keyFamilies().filter(({ pattern }) => !keys.some((key) => pattern.test(key)));
    expect(empty.map(({ file, source }) => `${file}: ${source}`)).toEqual([]);
  });

  it.each(languages)('%s has words for every code the screen shows by prefix', (language) => {
    const texts = translations[language];
    const missing = shownByPrefix.flatMap(([prefix, codes]) =>
      codes.map((code) => `${prefix}${code}`).filter((key) => !(key in texts)),
    );
    expect(missing).toEqual([]);
  });
});

describe('zh-CN reads as Chinese', () => {
  it('has no text of Latin letters without a Chinese character, but the allowed few', () => {
    const latinOnly = Object.entries(translations['zh-CN'])
      .filter(([, text]) => {
        const words = text.replace(/\{\{[^}]*\}\}/g, '');
        return /[A-Za-z]/.test(words) && !/\p{Script=Han}/u.test(words);
      })
      .filter(([key, text]) => latinAllowed[key] !== text)
      .map(([key, text]) => `${key}: ${text}`);
    expect(latinOnly).toEqual([]);
  });
});
