#!/usr/bin/env node
// The CLI is TypeScript; this runs its compiled form (`npm run build` writes dist/).
import '../dist/cli/main.js';
