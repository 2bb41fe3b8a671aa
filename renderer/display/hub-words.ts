// A school hub's times and devices in the reader's words: how old something is ("3 分钟前"), a
// time on the school's clock (HH:MM, with the day when it was not today), and a gate's devices
// as its health report names them. Pure: the caller passes the time it is now.
import type { TFunction } from 'i18next';
import { deviceProblemSchema } from '../../contract/api';
import { shanghaiWallClock } from '../../contract/school-time';

const minuteMs = 60_000;

/**
 * How long ago `iso` was, in words: seconds only when asked (a gate's last contact; "just now"
 * for the first few), else null under a minute (a roster copied just now needs no age); minutes, then hours, then days.
 */
export function ageWords(
  t: TFunction,
  iso: string,
  now: number,
  options: { seconds?: boolean } = {},
): string | null {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const elapsed = Math.max(0, now - at);
  if (elapsed < minuteMs) {
    if (!options.seconds) return null;
    const seconds = Math.floor(elapsed / 1000);
    return seconds < 5 ? t('hub.age.now') : t('hub.age.seconds', { count: seconds });
  }
  const minutes = Math.floor(elapsed / minuteMs);
  if (minutes < 60) return t('hub.age.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('hub.age.hours', { count: hours });
  return t('hub.age.days', { count: Math.floor(hours / 24) });
}

/** HH:MM on the school's clock; "11-22 17:05" when that was another day than today there. */
export function schoolClockAt(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '--:--';
  const wall = shanghaiWallClock(at);
  const sameDay = wall.slice(0, 10) === shanghaiWallClock(now).slice(0, 10);
  return sameDay ? wall.slice(11, 16) : `${wall.slice(5, 10)} ${wall.slice(11, 16)}`;
}

/**
 * A thermometer or relay as a gate reports it to the hub: starting, none configured, connected,
 * disconnected, or the kind of problem it has; anything newer than this screen as it came.
 */
export function gateDeviceWords(t: TFunction, health: string): string {
  switch (health) {
    case 'starting':
      return t('hub.gates.device.starting');
    case 'none':
      return t('hub.gates.device.none');
    case 'connected':
      return t('hub.gates.device.connected');
    case 'disconnected':
      return t('hub.gates.device.disconnected');
    default: {
      const problem = deviceProblemSchema.safeParse(health);
      return problem.success ? t(`device-problem.${problem.data}`) : health;
    }
  }
}
