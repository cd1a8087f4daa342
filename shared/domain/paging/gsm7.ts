// GSM 03.38 basic character set: a page that stays inside it is billed as 7-bit, 160 characters a segment.
// Anything else (emoji, most accents, curly quotes) would switch the whole SMS to UCS-2 and 70 characters.
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7 = new Set(GSM7_BASIC);

/** Names come from admins and may hold any Unicode: fold accents away and drop what still does not fit. */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (GSM7.has(char)) out += char;
    else {
      const folded = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...folded].every((c) => GSM7.has(c)) ? folded : '';
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

export const isGsm7 = (text: string): boolean => [...text].every((c) => GSM7.has(c));
