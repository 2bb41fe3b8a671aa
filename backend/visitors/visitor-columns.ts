// A visitor as appointments and walk-in requests both store one: the same columns (0140 sealed
// the numbers, 0150 lets the purge erase them), written from the form's input and shown with the
// numbers masked. Each table adds its own columns around these.
import type { VisitorViewFields } from '../../contract/visitor-schemas';
import type { FieldCipher } from '../privacy/field-cipher';
import { maskedNumber, sealNumber } from './sealed-numbers';

export interface VisitorColumns {
  /** NULL once purged_at is set, and only then (0150), like the numbers. */
  visitor_name: string | null;
  document_type: string;
  /** Sealed (`enc1:`), or plain text left by a version before 0140 until the next start. */
  document_number: string | null;
  /** Sealed like document_number. */
  phone: string | null;
  host: string;
  reason: string;
  area: string;
}

interface VisitorInput {
  visitorName: string;
  documentType: string;
  host: string;
  reason: string;
  area: string;
}

/**
 * The values of visitor_name, document_type, document_number, document_number_hash, phone,
 * phone_hash, host, reason and area, in that order, for an INSERT. The numbers must already be
 * in the stored form (validated document, normalised phone): their hashes are taken of that.
 */
export function visitorValues(
  cipher: FieldCipher,
  input: VisitorInput,
  documentNumber: string,
  phone: string,
): [string, string, string, string, string, string, string, string, string] {
  const sealedDocument = sealNumber(cipher, 'document-number', documentNumber);
  const sealedPhone = sealNumber(cipher, 'phone', phone);
  return [
    input.visitorName.trim(),
    input.documentType,
    sealedDocument.sealed,
    sealedDocument.hash,
    sealedPhone.sealed,
    sealedPhone.hash,
    input.host.trim(),
    input.reason.trim(),
    input.area.trim(),
  ];
}

/** The visitor as a view shows it: the numbers masked, null where the purge erased them. */
export function visitorView(row: VisitorColumns, cipher: FieldCipher): VisitorViewFields {
  return {
    visitorName: row.visitor_name,
    documentType: row.document_type,
    documentNumber: maskedNumber(cipher, 'document-number', row.document_number),
    phone: maskedNumber(cipher, 'phone', row.phone),
    host: row.host,
    reason: row.reason,
    area: row.area,
  };
}
