#!/usr/bin/env node
// The CLI is TypeScript; this runs it as one bundled file (`npm run build` writes
// dist/wayboard.js): loading ~120 modules one by one cost ~6 MB of RSS and startup time.
import '../dist/wayboard.js';
