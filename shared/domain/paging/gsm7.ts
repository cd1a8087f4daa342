// GSM 03.38 basic character set: a page that stays inside it is billed as 7-bit, 160 characters a segment.
// Anything else (emoji, most accents, curly quotes) would switch the whole SMS to UCS-2 and 70 characters.
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7 = new Set(GSM7_BASIC);

/** Latin letters that carry no combining accent to fold away (Ł is not L + a mark): spelt as people do. */
const LATIN_SPELLINGS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'Th',
  þ: 'th',
  Ð: 'D',
  ð: 'd',
  Ŧ: 'T',
  ŧ: 't',
  ĸ: 'k',
  Ŋ: 'N',
  ŋ: 'n',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
};

/** Names come from admins and may hold any Unicode: fold accents away and drop what still does not fit. */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (GSM7.has(char)) out += char;
    else if (LATIN_SPELLINGS[char] !== undefined) out += LATIN_SPELLINGS[char];
    else {
      const folded = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...folded].every((c) => GSM7.has(c)) ? folded : '';
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

export const isGsm7 = (text: string): boolean => [...text].every((c) => GSM7.has(c));
