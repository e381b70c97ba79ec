// User-perceived characters: a flag, a skin-toned emoji or a letter with a combining accent
// is one key, one Backspace and one label, whatever its code points.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((g) => g.segment);
}

export function lastGrapheme(text: string): string {
  let last = '';
  for (const { segment } of segmenter.segment(text)) last = segment;
  return last;
}
