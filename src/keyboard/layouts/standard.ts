// The pages every layout shares. Letter rows are slots filled from xkbcommon for the chosen
// XKB layout; `extras` gets the layout's other characters (ß, ё, é, §, ...) that no page has.
// A row written as a string is one text key per character. Keys with `purposes` appear only
// in fields of those content purposes (email gets @ and ., url gets / and .com, plain text
// the emoji key).
// Validated by parseLayoutData when loaded.

const shift = { action: 'shift', label: '⇧', width: 1.5, fill: true };
const backspace = { action: 'backspace', label: '⌫', width: 1.5, fill: true };
const enter = { action: 'enter', label: '⏎', width: 1.5 };
const hide = { action: 'hide', label: '⌨' };
const left = { action: 'left', label: '◀' };
const right = { action: 'right', label: '▶' };
const space = { action: 'space', width: 2, fill: true };

export const standardLayout = {
  pages: {
    letters: [
      [{ xkb: 'AD' }],
      [{ xkb: 'AC' }],
      [shift, { xkb: 'AB' }, backspace],
      [
        { action: 'page:symbols', label: '?123', width: 1.5 },
        { action: 'language', label: 'lang' },
        { text: '@', purposes: ['email'] },
        { text: '/', purposes: ['url'] },
        space,
        { text: '.', purposes: ['email'], alternates: ['.com', '.org', '.net', '-', '_'] },
        { text: '.com', width: 1.5, purposes: ['url'], alternates: ['.org', '.net', '.io', '.de'] },
        { action: 'page:emoji', label: '☺', purposes: ['normal', 'alpha', 'name'] },
        hide,
        enter,
      ],
    ],
    // generated from emoji data (src/keyboard/emoji.ts); this row only names the page
    emoji: [[{ action: 'page:letters', label: 'ABC', width: 1.5 }]],
    symbols: [
      '1234567890',
      [
        '@',
        '#',
        { text: '$', alternates: ['€', '£', '¥', '¢'] },
        { text: '%', alternates: ['‰'] },
        '&',
        { text: '*', alternates: ['×', '^'] },
        { text: '-', alternates: ['_', '–', '—'] },
        { text: '+', alternates: ['=', '±'] },
        { text: '(', alternates: ['[', '{', '<'] },
        { text: ')', alternates: [']', '}', '>'] },
      ],
      [
        { action: 'page:more', label: '=\\<', width: 1.5, fill: true },
        { text: '!', alternates: ['¡'] },
        { text: '"', alternates: ['«', '»', '„', '“', '”'] },
        { text: "'", alternates: ['‘', '’', '`'] },
        ':',
        ';',
        { text: '/', alternates: ['\\', '|'] },
        { text: '?', alternates: ['¿'] },
        backspace,
      ],
      [
        { action: 'page:letters', label: 'ABC', width: 1.5 },
        ',',
        left,
        space,
        right,
        { text: '.', alternates: ['…'] },
        hide,
        enter,
      ],
    ],
    more: [
      [{ xkb: 'extras' }],
      '[]{}<>^_=\\',
      '€£¥¢°•§©«»',
      [{ action: 'page:symbols', label: '?123', width: 1.5, fill: true }, ...'~`|¡¿…±', backspace],
      [
        { action: 'page:letters', label: 'ABC', width: 1.5 },
        ',',
        left,
        space,
        right,
        '.',
        hide,
        enter,
      ],
    ],
    // the numeric pad: phone adds + * # and a space, number adds - . ,
    digits: [
      [
        '1',
        '2',
        '3',
        { text: '+', purposes: ['phone'] },
        { text: '-', purposes: ['number'] },
        { ...backspace, width: 1, fill: false },
      ],
      [
        '4',
        '5',
        '6',
        { text: '*', purposes: ['phone'] },
        { text: '.', purposes: ['number'] },
        left,
      ],
      [
        '7',
        '8',
        '9',
        { text: '#', purposes: ['phone'] },
        { text: ',', purposes: ['number'] },
        right,
      ],
      [
        hide,
        '0',
        { ...space, label: '␣', width: 1, fill: false, purposes: ['phone'] },
        { ...enter, width: 1, fill: true },
      ],
    ],
  },
};
