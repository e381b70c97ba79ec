// Long-press alternates of letter keys, per XKB layout name; `default` serves every layout
// and a layout's own entries replace the default list for that letter. Validated by
// parseAlternates when loaded. Greek has its tonos vowels here: the xkb layout types them
// with a dead key, which an on-screen keyboard has no use for.

export const letterAlternates = {
  default: {
    a: ['à', 'á', 'â', 'ä', 'ã', 'å', 'æ', 'ā'],
    c: ['ç', 'ć', 'č'],
    d: ['ď', 'ð'],
    e: ['é', 'è', 'ê', 'ë', 'ę', 'ē', 'ė'],
    g: ['ğ'],
    i: ['í', 'ì', 'î', 'ï', 'ī', 'ı'],
    l: ['ł', 'ľ'],
    n: ['ñ', 'ń', 'ň'],
    o: ['ó', 'ò', 'ô', 'ö', 'õ', 'ø', 'œ', 'ō'],
    r: ['ř'],
    s: ['ß', 'ś', 'š', 'ş'],
    t: ['ť', 'þ'],
    u: ['ú', 'ù', 'û', 'ü', 'ū', 'ů'],
    y: ['ý', 'ÿ'],
    z: ['ž', 'ź', 'ż'],
  },
  de: {
    a: ['ä', 'à', 'á', 'â'],
    o: ['ö', 'ó', 'ò', 'ô'],
    u: ['ü', 'ú', 'ù', 'û'],
    s: ['ß'],
    e: ['é', 'è', 'ê', 'ë', '€'],
  },
  fr: {
    a: ['à', 'â', 'æ', 'ä'],
    c: ['ç'],
    e: ['é', 'è', 'ê', 'ë', '€'],
    i: ['î', 'ï'],
    o: ['ô', 'œ', 'ö'],
    u: ['ù', 'û', 'ü'],
    y: ['ÿ'],
  },
  ru: {
    е: ['ё'],
    ь: ['ъ'],
  },
  gr: {
    α: ['ά'],
    ε: ['έ'],
    η: ['ή'],
    ι: ['ί', 'ϊ', 'ΐ'],
    ο: ['ό'],
    υ: ['ύ', 'ϋ', 'ΰ'],
    ω: ['ώ'],
    σ: ['ς'],
  },
};
