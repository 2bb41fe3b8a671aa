// How the bureau's pages write dates, times and ID numbers: dates as people in China write them
// (2026年11月23日 星期一), times in Beijing time whatever the server's zone, and ID numbers masked
// as the kiosk's guard views mask them (110***********002X).
import type { Lang } from './words';

const zone = 'Asia/Shanghai';

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Beijing wall clock of an instant: 'YYYY-MM-DD' and 'HH:MM:SS'. */
export function beijing(at: Date | number): { day: string; time: string } {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(at)) parts[part.type] = part.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

const weekdaysZh = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const monthsEn = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const weekdaysEn = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A school day 'YYYY-MM-DD' for a page: 2026年11月23日 星期一 / Mon 23 Nov 2026. */
export function dayText(day: string, lang: Lang, withWeekday = true): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  if (lang === 'zh') {
    const text = `${year}年${month}月${date}日`;
    return withWeekday ? `${text} ${weekdaysZh[weekday]}` : text;
  }
  const text = `${date} ${monthsEn[month - 1]} ${year}`;
  return withWeekday ? `${weekdaysEn[weekday]} ${text}` : text;
}

/**
 * An instant on a page of the day `day`: its Beijing time, with the date in front when it fell
 * on another day (a report for yesterday received this morning).
 */
export function timeText(at: Date | null, lang: Lang, day?: string): string {
  if (at === null) return '—';
  const wall = beijing(at);
  if (day === undefined || wall.day === day) return wall.time;
  const [, month, date] = wall.day.split('-').map(Number) as [number, number, number];
  const prefix = lang === 'zh' ? `${month}月${date}日` : `${date} ${monthsEn[month - 1]}`;
  return `${prefix} ${wall.time}`;
}

/** An instant with its date, for what happened on another day (issued, revoked, created). */
export function whenText(at: Date | null, lang: Lang): string {
  if (at === null) return '—';
  const wall = beijing(at);
  return `${dayText(wall.day, lang, false)} ${wall.time.slice(0, 5)}`;
}

/** An instant in an export: 'YYYY-MM-DD HH:MM:SS' Beijing time, sortable. */
export function sheetTime(at: Date | null): string | null {
  if (at === null) return null;
  const wall = beijing(at);
  return `${wall.day} ${wall.time}`;
}

/** Masked as everywhere: first 3 and last 4 kept, a short one at most a quarter at each end. */
export function maskIdNumber(value: string): string {
  const characters = Array.from(value.trim());
  const length = characters.length;
  if (length === 0) return '';
  const keepStart = Math.min(3, Math.floor(length / 4));
  const keepEnd = Math.min(4, Math.floor(length / 4));
  return (
    characters.slice(0, keepStart).join('') +
    '*'.repeat(length - keepStart - keepEnd) +
    characters.slice(length - keepEnd).join('')
  );
}

/** A card's text may itself be an ID number (a card that carries one): shown masked too. */
export function shownCardText(cardText: string): string {
  return /^\d{17}[\dXx]$|^[HMhm]\d{8}$/.test(cardText.trim()) ? maskIdNumber(cardText) : cardText;
}

/** 'YYYY-MM-DD' that names a real calendar day, or null. */
export function parseDay(text: string | null): string | null {
  if (text === null || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text ? text : null;
}

/** The day before or after a school day. */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The instant of a Beijing wall-clock time on a school day (China keeps no daylight saving). */
export function beijingInstant(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}

/** Sequence ranges as people read them: 1203–1210, 1300. */
export function rangesText(ranges: [number, number][]): string {
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
}

/** How many sequences the ranges hold. */
export function rangesCount(ranges: [number, number][]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a + 1), 0);
}
