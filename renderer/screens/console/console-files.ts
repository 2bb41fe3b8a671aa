// Files in and out of the admin console: a chosen file as base64 for an operation's input, a
// base64 answer handed to the browser as a download, and Beijing wall-clock times for display.
// Never keeps a file's bytes around longer than the call that needs them.
import { formatShanghaiTime, shanghaiDate, shanghaiWallClock } from '../../../contract/school-time';

/** The bytes of a chosen file as base64 (without the `data:` prefix FileReader adds). */
export function fileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

export interface Download {
  fileName: string;
  /** An object URL for a link with a `download` attribute; revoke it when done. */
  url: string;
}

/** Turns a base64 answer into a download and starts it; the link can start it again. */
export function startDownload(fileName: string, mimeType: string, base64: string): Download {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  return { fileName, url };
}

/** Beijing time as `YYYY-MM-DD HH:mm:ss`; nothing for no time. */
export function beijingTime(iso: string | null): string {
  return iso === null ? '' : formatShanghaiTime(iso);
}

/** "2026-11-23 07:30" in Beijing time, for the policy's version history. */
export function formatBeijing(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '--';
  return shanghaiWallClock(ms).slice(0, 16).replace('T', ' ');
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function beijingToday(now: Date = new Date()): string {
  return shanghaiDate(now);
}
