// A device's model and its trouble in the reader's language: the driver's name as the settings
// list shows it, and the kind of problem as a sentence the guard can act on. The device's own
// (English, technical) message stays in the status for the log and a tooltip; never shown here.
import type { TFunction } from 'i18next';
import type { ThermometerStatus, UploadStatus } from '../../electron/contract/api';

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

/** The district upload's last error in words (`upload.error.<code>`), or null when none. */
export function uploadErrorWords(t: TFunction, code: UploadErrorCode | null): string | null {
  return code === null ? null : t(`upload.error.${code}`);
}
