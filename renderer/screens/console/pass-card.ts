// The visitor's pass as they receive it on their phone: one PNG with the school's name, the
// visitor's name masked (张*), host, area, validity and the kiosk's own QR picture, drawn on a
// canvas in the page's fonts. Never draws a code of its own: the QR is the kiosk's PNG as is.

/** A name as the pass shows it: the first character, then one * for each of the rest. */
export function maskedVisitorName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length <= 1) return characters.join('');
  return `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}

export interface PassCardText {
  title: string;
  school: string | null;
  lines: string[];
  hint: string;
}

/** Phone-sized (1080 wide); the QR keeps whole pixels per module so it stays sharp. */
const width = 1080;

/** Draws the card and answers a PNG data URL; the QR picture must already be loaded. */
export function drawPassCard(qr: HTMLImageElement, text: PassCardText): string {
  const canvas = document.createElement('canvas');
  const qrSize = Math.floor(840 / qr.naturalWidth) * qr.naturalWidth || 840;
  const lineHeight = 64;
  const height = 220 + qrSize + 60 + text.lines.length * lineHeight + 140;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2D canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#111111';
  context.textAlign = 'center';
  context.font = "700 60px 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
  context.fillText(text.school ?? text.title, width / 2, 100);
  context.font = "400 44px 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
  context.fillText(text.school ? text.title : '', width / 2, 170);
  context.imageSmoothingEnabled = false;
  context.drawImage(qr, (width - qrSize) / 2, 210, qrSize, qrSize);
  context.font = "400 44px 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
  let y = 210 + qrSize + 80;
  for (const line of text.lines) {
    context.fillText(line, width / 2, y, width - 80);
    y += lineHeight;
  }
  context.fillStyle = '#555555';
  context.font = "400 36px 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
  context.fillText(text.hint, width / 2, y + 40, width - 80);
  return canvas.toDataURL('image/png');
}
