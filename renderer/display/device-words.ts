// A device's model and its trouble in the reader's language: the driver's name as the settings
// list shows it, and the kind of problem as a sentence the guard can act on. The device's own
// (English, technical) message stays in the status for the log and a tooltip; never shown here.
import type { TFunction } from 'i18next';
import type { ThermometerStatus, UploadStatus } from '../../contract/api';

export type DeviceProblem = NonNullable<ThermometerStatus['problem']>;

/** The thermometer drivers the settings screen offers, each with a `settings.driver.<name>`. */
export const thermometerDrivers = ['simulated', 'gy906', 'heimann', 'ascii'] as const;

/** The key naming a driver; one the screen does not know gets `device.driver.other`. */
export function driverKey(driver: string): string {
  return (thermometerDrivers as readonly string[]).includes(driver)
    ? `settings.driver.${driver}`
    : 'device.driver.other';
}

/** "GY-906 系列", "模拟（无设备）": a driver id as the reader says it. */
export function driverWords(t: TFunction, driver: string): string {
  return t(driverKey(driver));
}

/** "型号：GY-906 系列": the status bar's driver line (key `device.driver-line`). */
export function driverLine(t: TFunction, driver: string): string {
  return t('device.driver-line', { driver: driverWords(t, driver) });
}

/** A device's trouble as a sentence; null problem (no error) says nothing. */
export function deviceProblemWords(t: TFunction, problem: DeviceProblem | null): string {
  return problem === null ? '' : t(`device-problem.${problem}`);
}

export type UploadErrorCode = NonNullable<UploadStatus['lastErrorCode']>;

/** The protocol's allowance between a request's time and the district's clock. */
const allowedSkewSeconds = 300;

/**
 * The district upload's last error in words (`upload.error.<code>`), or null when none. A
 * clock refusal names which clock is off and by how much when the district said its time.
 */
export function uploadErrorWords(
  t: TFunction,
  code: UploadErrorCode | null,
  clockSkewSeconds: number | null = null,
): string | null {
  if (code === null) return null;
  if (code !== 'clock' || clockSkewSeconds === null) return t(`upload.error.${code}`);
  if (Math.abs(clockSkewSeconds) <= allowedSkewSeconds) return t('upload.error.clock-district');
  const duration = durationWords(t, Math.abs(clockSkewSeconds));
  return t(clockSkewSeconds > 0 ? 'upload.error.clock-ahead' : 'upload.error.clock-behind', {
    duration,
  });
}

/** "7 分 12 秒", "2 小时 5 分", "3 天 4 小时": a clock's difference, two units at most. */
export function durationWords(t: TFunction, seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return t('upload.duration.days', { days, hours });
  if (hours > 0) return t('upload.duration.hours', { hours, minutes });
  return t('upload.duration.minutes', { minutes, seconds: seconds % 60 });
}
