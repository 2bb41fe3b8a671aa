// The Chinese font the printed pages (the day's log, the visitor's pass) are set in: Noto Sans
// CJK from Debian's fonts-noto-cjk, or Microsoft YaHei on a Windows kiosk. Never falls back to
// a Latin font, which would print empty boxes for every name: a missing font is an error in words.
import { existsSync } from 'node:fs';

/** A font file and, for a collection (.ttc), the PostScript name of the face to use. */
export interface PaperFont {
  file: string;
  face: string;
}

export class PaperFontError extends Error {
  override readonly name = 'PaperFontError';
}

/** Where the font is looked for, in order; `KIOSK_CJK_FONT` (a file) comes first when set. */
export const paperFontCandidates: readonly PaperFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  {
    file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
    face: 'NotoSerifCJKsc-Regular',
  },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', face: 'MicrosoftYaHei' },
  { file: '/System/Library/Fonts/PingFang.ttc', face: 'PingFangSC-Regular' },
];

/**
 * The first font present. `override` is a font file (.ttf or .otf; a .ttc with `#Face`
 * appended names its face), for a machine that keeps its fonts elsewhere.
 */
export function findPaperFont(
  override: string | undefined = process.env.KIOSK_CJK_FONT,
  candidates: readonly PaperFont[] = paperFontCandidates,
): PaperFont {
  if (override !== undefined && override !== '') {
    const [file = '', face = ''] = override.split('#');
    if (!existsSync(file)) {
      throw new PaperFontError(`The Chinese font KIOSK_CJK_FONT=${override} does not exist.`);
    }
    return { file, face };
  }
  const found = candidates.find((candidate) => existsSync(candidate.file));
  if (found === undefined) {
    throw new PaperFontError(
      'Printing needs a Chinese font and none is installed. On Debian or Ubuntu: ' +
        'sudo apt-get install fonts-noto-cjk; elsewhere set KIOSK_CJK_FONT to a .ttf/.otf file.',
    );
  }
  return found;
}
