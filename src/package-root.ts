// The package's root, for the files wayboard reads from its own package (package.json,
// schema/). This module sits one level below the root however wayboard runs: src/ (tests),
// dist/ (the library, tsc's output) or dist/wayboard.js (the CLI, one bundled file), so
// `..` from here is the root in all three.
export const PACKAGE_ROOT = new URL('..', import.meta.url);
