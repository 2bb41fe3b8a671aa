// What a guard typed into the forgotten-card search, read as each thing it could be: part of a
// name or class, the end of a card, the last four characters of an ID number, or a whole ID
// number; and a card masked for the guard's screen. Pure: never hashes, stores or logs a query.

/** The end of a card must be at least this long: two digits would match half the school. */
export const cardSuffixMinLength = 3;
/** How many characters at the end of an ID number the search knows (as the masked number shows). */
export const idTailLength = 4;

/** The forms of one query; a form the query cannot be is null. */
export interface LookupQuery {
  /** As typed, without surrounding spaces: part of a name or a class. */
  text: string;
  /** Full-width characters (a Chinese input method) made ASCII: 三年级２班 is 三年级2班. */
  normalized: string;
  /** The end of a card: the normalised query without spaces, when long enough. */
  cardSuffix: string | null;
  /** The last four characters of an ID number, upper-cased (a final x is X). */
  idTail: string | null;
  /** A whole ID number as the roster stores it (validateIdNumber's form). */
  idNumber: string | null;
}

// The forms validateIdNumber accepts: GB 11643 numbers and Home Return Permits.
const wholeIdNumber = /^(?:\d{17}[\dX]|[HM]\d{8})$/;
const idNumberTail = /^\d{3}[\dX]$/;

export function readLookupQuery(query: string): LookupQuery {
  const text = query.trim();
  const normalized = text.normalize('NFKC').trim();
  const compact = normalized.replace(/\s+/g, '').toUpperCase();
  return {
    text,
    normalized,
    cardSuffix: compact.length >= cardSuffixMinLength ? normalized.replace(/\s+/g, '') : null,
    idTail: idNumberTail.test(compact) ? compact : null,
    idNumber: wholeIdNumber.test(compact) ? compact : null,
  };
}

/** The last four characters of a stored (normalised) ID number: what its tail hash is of. */
export function idNumberTailOf(idNumber: string): string | null {
  const characters = Array.from(idNumber.trim().toUpperCase());
  if (characters.length < idTailLength) return null;
  return characters.slice(-idTailLength).join('');
}

/**
 * A card for the guard's screen: its last four characters after four stars (****0012), whatever
 * its length, so neither the card nor its length shows. A card shorter than eight characters
 * shows at most half of them.
 */
export function maskCard(card: string): string {
  const characters = Array.from(card.trim());
  const shown = Math.min(idTailLength, Math.floor(characters.length / 2));
  return `****${characters.slice(characters.length - shown).join('')}`;
}

/** A LIKE pattern matching `text` literally; `\` is the escape character. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
