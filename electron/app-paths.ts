// Where the shell finds its pieces at run time: the preload, the built renderer and the config
// file. Paths only; this module must never read a file's contents or import the Electron
// runtime (main.ts passes app.getAppPath() and app.getPath('userData') in).
import path from 'node:path';

/**
 * The user-data folder's name, fixed so the database stays where it is whatever the product is
 * called: Electron would otherwise derive it from productName, and a renamed or translated build
 * would start on an empty log.
 */
export const dataFolderName = 'campus-gate-kiosk';

export function userDataPath(appDataDir: string): string {
  return path.join(appDataDir, dataFolderName);
}

/** The bundled preload, next to the bundled main (see scripts/build-electron.mjs). */
export function preloadPath(appPath: string): string {
  return path.join(appPath, 'dist-electron', 'electron', 'preload.cjs');
}

/** The renderer that vite builds, served under app://kiosk/. */
export function rendererRoot(appPath: string): string {
  return path.join(appPath, 'dist', 'renderer');
}

/**
 * KIOSK_CONFIG wins (even if the file is missing: createKiosk should then complain rather than
 * silently run on defaults); otherwise <userData>/config.json when it exists; otherwise none.
 */
export function resolveConfigFile(
  environment: Readonly<Record<string, string | undefined>>,
  userDataDir: string,
  exists: (file: string) => boolean,
): string | undefined {
  const fromEnvironment = environment.KIOSK_CONFIG?.trim();
  if (fromEnvironment) return path.resolve(fromEnvironment);
  const inUserData = path.join(userDataDir, 'config.json');
  return exists(inUserData) ? inUserData : undefined;
}
