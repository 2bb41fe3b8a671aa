// What is wrong with the device settings, in the reader's language: the contract's own check
// (the same zod schema the backend parses with) run before saving, each refusal worded from its
// field and limit ("测温仪：校准偏移 °C 不能大于 3"), never zod's English or a field's code name.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { deviceSettingsSchema, type DeviceSettings } from '../../contract/api';

/** Each setting's label on the screen, by its name in the contract. */
const fieldKeys: Readonly<Record<string, string>> = {
  driver: 'settings.driver',
  path: 'settings.path',
  baudRate: 'settings.baud-rate',
  mode: 'settings.mode',
  frameLength: 'settings.frame-length',
  pattern: 'settings.pattern',
  query: 'settings.query',
  offsetCelsius: 'settings.offset',
  noDataSeconds: 'settings.no-data',
  channel: 'settings.relay.channel',
  address: 'settings.relay.address',
  coil: 'settings.relay.coil',
  pulseMs: 'settings.relay.pulse',
};

const deviceKeys: Readonly<Record<string, string>> = {
  thermometer: 'settings.thermometer',
  relay: 'settings.relay',
};

/** The first problem with these settings as a sentence, or null when they may be saved. */
export function deviceSettingsProblem(t: TFunction, settings: DeviceSettings): string | null {
  const parsed = deviceSettingsSchema.safeParse(settings);
  const issue = parsed.success ? null : parsed.error.issues[0];
  if (issue) return issueWords(t, issue);
  const { thermometer } = settings;
  if (thermometer.driver === 'ascii' && thermometer.pattern !== undefined) {
    // The backend compiles the pattern too (backend/config); saying so here keeps its English
    // error message off the screen.
    try {
      new RegExp(thermometer.pattern);
    } catch {
      return issueWords(t, {
        code: 'custom',
        path: ['thermometer', 'pattern'],
        message: 'not a regular expression',
        input: thermometer.pattern,
      });
    }
  }
  return null;
}

/** One zod issue as "device: field must …" in the reader's language. */
export function issueWords(t: TFunction, issue: z.core.$ZodIssue): string {
  const [device, ...rest] = issue.path.map(String);
  const name = rest.at(-1) ?? device ?? '';
  const fieldKey = fieldKeys[name];
  const problem =
    fieldKey === undefined ? t('settings.error.some-field') : problemWords(t, issue, t(fieldKey));
  const deviceKey = device === undefined ? undefined : deviceKeys[device];
  return deviceKey ? t('settings.error.at', { device: t(deviceKey), problem }) : problem;
}

function problemWords(t: TFunction, issue: z.core.$ZodIssue, field: string): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? t('settings.error.too-long', { field, limit: String(issue.maximum) })
        : t(issue.inclusive === false ? 'settings.error.below' : 'settings.error.at-most', {
            field,
            limit: String(issue.maximum),
          });
    case 'too_small':
      if (issue.origin === 'string') return t('settings.error.empty', { field });
      return t(issue.inclusive === false ? 'settings.error.above' : 'settings.error.at-least', {
        field,
        limit: String(issue.minimum),
      });
    case 'invalid_type':
      return t(issue.expected === 'int' ? 'settings.error.whole' : 'settings.error.number', {
        field,
      });
    case 'custom':
      return issue.path.at(-1) === 'pattern'
        ? t('settings.error.pattern', { field })
        : t('settings.error.invalid', { field });
    default:
      return t('settings.error.invalid', { field });
  }
}
