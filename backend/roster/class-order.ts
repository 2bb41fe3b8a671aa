// The order a school reads its classes in: 一年级 before 二年级 before 三年级 … 十二年级, and
// 2班 before 10班. Plain text order puts 三 before 二 (by code point) and 10 before 2. Pure;
// SQLite calls it as class_order() so the roster's pages are sorted where they are cut.

const digits: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A Chinese numeral up to 99 (一, 十, 十二, 二十三) as a number, or null. */
function chineseNumber(text: string): number | null {
  if (text === '十') return 10;
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? (digits[text] ?? null) : null;
  const tens = ten === 0 ? 1 : (digits[text.slice(0, ten)] ?? null);
  const units = ten === text.length - 1 ? 0 : (digits[text.slice(ten + 1)] ?? null);
  return tens === null || units === null ? null : tens * 10 + units;
}

/** A key that sorts class names as a school reads them: every number padded to six digits. */
export function classOrderKey(className: string): string {
  return className
    .replace(/[〇零一二两三四五六七八九十]+/g, (numeral) => {
      const value = chineseNumber(numeral);
      return value === null ? numeral : String(value).padStart(6, '0');
    })
    .replace(/\d+/g, (number) => number.padStart(6, '0'));
}
