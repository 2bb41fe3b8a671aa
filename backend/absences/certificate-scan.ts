// The scan or photo of a return-to-school certificate, checked before it is kept: its bytes are
// what its type says (a JPEG, a PNG or a PDF), so the doctor's screen can show what it stored.
import { ApiError } from '../../contract/errors';
import {
  certificateScanMaxBytes,
  type certificateScanTypeSchema,
} from '../../contract/operations/absence-operations';
import type { z } from 'zod';

export interface CertificateScan {
  type: z.infer<typeof certificateScanTypeSchema>;
  /** Base64 of the file's bytes. */
  base64: string;
}

const signatures: Record<CertificateScan['type'], { bytes: number[]; name: string }> = {
  'image/jpeg': { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  'image/png': { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], name: 'a PNG image' },
  'application/pdf': { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'a PDF' },
};

/** The scan as it will be stored; refuses one that is empty, too large or not its type. */
export function checkedScan(scan: CertificateScan): CertificateScan {
  const bytes = Buffer.from(scan.base64, 'base64');
  const signature = signatures[scan.type];
  if (bytes.length === 0) throw new ApiError('bad-input', 'The certificate scan is empty.');
  if (bytes.length > certificateScanMaxBytes) {
    throw new ApiError(
      'bad-input',
      `The certificate scan is ${bytes.length} bytes; at most ${certificateScanMaxBytes} are kept.`,
    );
  }
  if (!signature.bytes.every((byte, index) => bytes[index] === byte)) {
    throw new ApiError(
      'bad-input',
      `The certificate scan is not ${signature.name}, as its type ${scan.type} says.`,
    );
  }
  return { type: scan.type, base64: bytes.toString('base64') };
}
