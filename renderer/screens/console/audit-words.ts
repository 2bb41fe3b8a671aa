// One audit row as a sentence in the reader's language: who did what, with the details that
// matter (a date exported, full ID numbers or not, a name, a reason, a failure in words) and from
// where. Reads the recorded detail (the operation's input as JSON, or a short text); never shows
// a field name, a record id or the JSON itself — the raw detail stays in the log.
import type { TFunction } from 'i18next';
import { beijingTime } from './console-files';

export interface AuditRow {
  actor: string;
  action: string;
  detail: string | null;
  origin: string | null;
}

type Details = Record<string, unknown>;
type Params = Record<string, string>;

/**
 * "张校长 导出了 2026-12-06 的出入记录（Excel，完整身份证号）". A failure's record keeps only its
 * error code, so it says what was tried and why it failed ("…，但没有成功：输入的内容无效").
 */
export function auditSentence(t: TFunction, row: AuditRow): string {
  const details = detailsOf(row.detail);
  const actor = actorWords(t, row.actor);
  const what =
    t(`console.audit.action.${row.action}`, { defaultValue: '' }) ||
    t('console.audit.unknown-action');
  if (typeof details.failed === 'string') {
    return t('console.audit.failed', {
      actor,
      what,
      reason: t(`error.${details.failed}`, { defaultValue: t('error.internal') }),
    });
  }
  const generic = t('console.audit.sentence.other', { actor, what });
  const sentence = sentenceOf(t, row.action, details, row.detail ?? '');
  if (sentence === null) return generic;
  return t(sentence.key, { actor, ...sentence.params, defaultValue: generic });
}

/** Which sentence, with which words filled in, for one action and its recorded detail. */
function sentenceOf(
  t: TFunction,
  action: string,
  details: Details,
  text: string,
): { key: string; params: Params } | null {
  const key = `console.audit.sentence.${action}`;
  const reason = because(t, details.reason);
  switch (action) {
    case 'exportDay':
      return {
        key,
        params: {
          date: textOf(details.date),
          format: t(`console.audit.format.${textOf(details.format)}`, {
            defaultValue: t('console.audit.format.other'),
          }),
          ids: t(
            details.fullIdNumbers === true ? 'console.audit.full-ids' : 'console.audit.masked-ids',
          ),
        },
      };
    case 'previewRoster':
      return { key, params: { file: textOf(details.fileName) } };
    case 'importRoster':
      return {
        key: details.markMissingAsLeft === true ? `${key}.mark-left` : key,
        params: { file: textOf(details.fileName) },
      };
    case 'listPeople':
      return textOf(details.query) === ''
        ? { key, params: {} }
        : { key: `${key}.query`, params: { query: textOf(details.query) } };
    case 'setPersonStatus':
      return {
        key,
        params: {
          status: t(`console.people.status.${textOf(details.status)}`, { defaultValue: '' }),
          reason,
        },
      };
    case 'createAccount':
      return {
        key,
        params: {
          name: textOf(details.displayName) || textOf(details.username),
          role: t(`console.audit.role.${textOf(details.role)}`, { defaultValue: '' }),
        },
      };
    case 'createFirstAdmin': {
      // Recorded as text ("admin zhang"), not as the operation's input.
      const name = /^admin (.+)$/.exec(text)?.[1];
      return name === undefined ? null : { key, params: { name } };
    }
    case 'endShift': {
      const note = /^handover:(.*)$/s.exec(text)?.[1]?.trim() ?? '';
      return { key: note === '' ? key : `${key}.note`, params: { note } };
    }
    case 'disableAccount':
    case 'enableAccount':
    case 'deleteAccount':
    case 'resetSecret':
      return { key, params: { name: textOf(details.username) } };
    case 'createAppointment':
      return { key, params: { name: textOf(details.visitorName) } };
    case 'revokeAppointment':
    case 'declineWalkIn':
      return { key, params: { reason } };
    case 'findAppointments':
    case 'findWalkInRequests':
      return {
        key,
        params: {
          by: t(
            'documentNumber' in details ? 'console.audit.by.document' : 'console.audit.by.phone',
          ),
        },
      };
    case 'savePolicy':
      return {
        key,
        params: {
          since:
            typeof details.effectiveFrom === 'string'
              ? t('console.audit.since', { time: beijingTime(details.effectiveFrom) })
              : t('console.audit.at-once'),
        },
      };
    case 'courierDropOffs':
    case 'todaySummary':
      return {
        key,
        params: { date: textOf(details.date) || t('console.audit.today') },
      };
    case 'saveDeviceSettings':
      return { key, params: deviceParams(t, details) };
    case 'closeFeverCase':
      return {
        key,
        params: {
          outcome: t(`cases.outcome.${textOf(details.outcome)}`, { defaultValue: '' }),
        },
      };
    default:
      return { key, params: {} };
  }
}

/** The thermometer's and the relay's models, as the settings screen names them. */
function deviceParams(t: TFunction, details: Details): Params {
  const driverOf = (value: unknown): string =>
    typeof value === 'object' && value !== null ? textOf(Reflect.get(value, 'driver')) : '';
  const thermometer = driverOf(details.thermometer);
  const relay = driverOf(details.relay) || 'none';
  return {
    thermometer: t(`settings.driver.${thermometer}`, { defaultValue: t('device.driver.other') }),
    relay: t(`settings.relay.${relay}`, { defaultValue: t('device.driver.other') }),
  };
}

/** "，原因：毕业" when a reason was typed, else nothing. */
function because(t: TFunction, reason: unknown): string {
  const typed = textOf(reason).trim();
  return typed === '' ? '' : t('console.audit.because', { reason: typed });
}

/**
 * Who, as the school knows them: "张校长 (zhang)" is recorded; the display name is shown (the
 * username stays in the log). An action with no one signed in is said in words.
 */
export function actorWords(t: TFunction, actor: string): string {
  if (actor === 'nobody signed in' || actor.trim() === '') return t('console.audit.nobody');
  const named = /^(.+) \(([^()]+)\)$/.exec(actor);
  return named?.[1] ?? actor;
}

/** "门岗屏幕", "本机浏览器", "办公电脑 192.168.1.20": where the action came from. */
export function originWords(t: TFunction, origin: string | null): string {
  if (origin === null || origin === '') return '';
  if (origin === 'kiosk window') return t('console.audit.from.kiosk');
  const server = /^server (.+)$/.exec(origin);
  if (server === null) return t('console.audit.from.other');
  const address = (server[1] ?? '').replace(/^::ffff:/i, '');
  if (/^(127\.|::1$|localhost$)/i.test(address)) return t('console.audit.from.this-computer');
  return t('console.audit.from.office', { address });
}

function detailsOf(detail: string | null): Details {
  if (detail === null || !detail.startsWith('{')) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Details) : {};
  } catch {
    // Cut short at 2,000 characters (a roster file's bytes): the name is still readable.
    const fileName = /"fileName":"([^"]*)"/.exec(detail)?.[1];
    return fileName === undefined ? {} : { fileName };
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
