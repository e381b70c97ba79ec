// User-perceived characters: a flag, a skin-toned emoji or a letter with a combining accent
// is one key, one Backspace and one label, whatever its code points.

/** made at first use: ICU's break-iterator data costs ~2.5 MB of RSS, which a session whose
 *  keyboard never shows should not pay */
let segmenter: Intl.Segmenter | null = null;

function segments(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

export function graphemes(text: string): string[] {
  return [...segments(text)].map((g) => g.segment);
}

export function lastGrapheme(text: string): string {
  let last = '';
  for (const { segment } of segments(text)) last = segment;
  return last;
}
