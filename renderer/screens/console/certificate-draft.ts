// The doctor's return-certificate form as data: the checks made before anything is sent (an
// issuer, a real issue date not after today, a scan of an allowed type and size), the scan's bytes
// as base64, the one call that records it, and the reader's words for a refusal. No React and no
// DOM beyond Blob, so the form's behaviour is tested without a browser.
import type { KioskClient } from '../../../contract/client';
import {
  certificateScanMaxBytes,
  certificateScanTypeSchema,
  type AwaitingCertificate,
  type ReturnCertificate,
} from '../../../contract/operations/absence-operations';
import { isCalendarDate } from '../../../contract/school-time';
import { errorCodeOf } from '../../api/kiosk-client';

export type ScanType = (typeof certificateScanTypeSchema.options)[number];

/** A translation key and its values: what the form says. */
export interface Note {
  key: string;
  params?: Record<string, string | number>;
}

export interface CertificateFields {
  issuer: string;
  /** YYYY-MM-DD, as the date field gives it. */
  issuedOn: string;
}

/** The file the doctor chose: a File in the browser, any Blob with a name in tests. */
export interface ChosenScan {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export const issuerMaxLength = 80;

/** What the file chooser offers: photos (and a tablet's camera) and PDFs. */
export const scanAccept = 'image/*,application/pdf';

const typeByExtension: Record<string, ScanType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** "850 KB", "3.4 MB": a file's size as a person says it. */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  // Rounded up, so a file just over the 2 MB limit never reads as "2.0 MB".
  return `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
}

/**
 * The scan's type, or what is wrong with the file. Some systems give no type for a file chosen
 * from a folder, so the name's ending decides then.
 */
export function scanTypeOf(file: Pick<ChosenScan, 'name' | 'size' | 'type'>): ScanType | Note {
  const named = certificateScanTypeSchema.safeParse(file.type);
  const extension = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const type = named.success ? named.data : file.type === '' ? typeByExtension[extension] : null;
  if (!type) return { key: 'certificates.scan.wrong-type', params: { name: file.name } };
  if (file.size > certificateScanMaxBytes) {
    return {
      key: 'certificates.scan.too-big',
      params: { name: file.name, size: sizeInWords(file.size), limit: '2 MB' },
    };
  }
  if (file.size === 0) return { key: 'certificates.scan.empty', params: { name: file.name } };
  return type;
}

/**
 * The issue date, or what is wrong with it: missing, not a real date, after today, or before
 * the absence it ends began (the kiosk refuses that too: it cannot clear the pupil to return).
 */
export function issueDateProblem(
  issuedOn: string,
  today: string,
  absenceSince: string | null = null,
): Note | null {
  if (issuedOn.trim() === '') return { key: 'certificates.form.need-date' };
  if (!isCalendarDate(issuedOn)) return { key: 'certificates.form.date-bad' };
  // All are YYYY-MM-DD, so text order is date order.
  if (issuedOn > today) return { key: 'certificates.form.date-future', params: { today } };
  if (absenceSince !== null && issuedOn < absenceSince) {
    return { key: 'certificates.form.date-before-absence', params: { since: absenceSince } };
  }
  return null;
}

/** Base64 of bytes, in slices so a 2 MB scan does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) {
    parts.push(String.fromCharCode(...bytes.subarray(start, start + slice)));
  }
  return btoa(parts.join(''));
}

/** The reader's words for a refused or failed call. */
export function certificateFailure(error: unknown): Note {
  const code = errorCodeOf(error);
  switch (code) {
    // The kiosk refuses someone no longer held (another doctor recorded it a moment ago) or a
    // field it would not take: both are told to read the list again.
    case 'bad-input':
      return { key: 'certificates.refused' };
    case 'forbidden':
      return { key: 'certificates.forbidden' };
    case 'at-hub':
      return { key: 'certificates.at-hub' };
    default:
      return { key: `error.${code}` };
  }
}

export type RecordOutcome =
  | { ok: true; certificate: ReturnCertificate }
  | { ok: false; note: Note; field?: 'issuer' | 'issuedOn' | 'scan' };

/**
 * Checks the form, reads the scan and records the certificate: nothing is sent when a check
 * fails, and a refusal comes back as words.
 */
export async function recordCertificate(
  client: KioskClient,
  person: Pick<AwaitingCertificate, 'personId'>,
  fields: CertificateFields,
  scan: ChosenScan | null,
  today: string,
  /** When the open absence the certificate ends began, if there is one. */
  absenceSince: string | null = null,
): Promise<RecordOutcome> {
  const issuer = fields.issuer.trim();
  if (issuer === '')
    return { ok: false, note: { key: 'certificates.form.need-issuer' }, field: 'issuer' };
  if (issuer.length > issuerMaxLength) {
    return {
      ok: false,
      note: { key: 'certificates.form.issuer-long', params: { max: issuerMaxLength } },
      field: 'issuer',
    };
  }
  const dateProblem = issueDateProblem(fields.issuedOn, today, absenceSince);
  if (dateProblem) return { ok: false, note: dateProblem, field: 'issuedOn' };
  let scanInput: { type: ScanType; base64: string } | null = null;
  if (scan !== null) {
    const type = scanTypeOf(scan);
    if (typeof type !== 'string') return { ok: false, note: type, field: 'scan' };
    try {
      scanInput = { type, base64: bytesToBase64(new Uint8Array(await scan.arrayBuffer())) };
    } catch {
      return {
        ok: false,
        note: { key: 'certificates.scan.unreadable', params: { name: scan.name } },
        field: 'scan',
      };
    }
  }
  try {
    const answer = await client.call('recordReturnCertificate', {
      personId: person.personId,
      issuer,
      issuedOn: fields.issuedOn,
      scan: scanInput,
    });
    return { ok: true, certificate: answer.certificate };
  } catch (error) {
    return { ok: false, note: certificateFailure(error) };
  }
}

/** An object URL for a stored scan, to show as an image or offer as a download; revoke it after. */
export function scanObjectUrl(type: ScanType, base64: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return URL.createObjectURL(new Blob([bytes], { type }));
}
