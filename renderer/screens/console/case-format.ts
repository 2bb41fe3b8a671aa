// How the today and fever-case pages show times and overstays: day and time on the school's
// clock (Asia/Shanghai, whatever the PC's own zone) and an overstay in hours and minutes.
// Pure string work; it must never build HTML or read the clock itself.
import type { TFunction } from 'i18next';
import { shanghaiWallClock } from '../../../contract/school-time';

/** MM-dd HH:mm in Asia/Shanghai; an unparseable time shows as dashes. */
export function formatDayTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '--';
  return shanghaiWallClock(time).slice(5, 16).replace('T', ' ');
}

/** "1 小时 5 分钟" / "1 h 5 min" past the end of a visit. */
export function formatOverstay(minutes: number, t: TFunction): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0
    ? t('cases.overstay.hours', { hours, minutes: rest })
    : t('cases.overstay.minutes', { minutes: rest });
}
