// wayboard's public API, the package's entry point: `import { startCompositor } from
// 'wayboard'`. examples/minimal-kiosk.ts is a whole kiosk built on it. The rest of dist/ is
// internal and may change between versions.
export { startCompositor } from './session/start.js';
export type { Compositor, InputMethodChoice, SessionOptions } from './session/start.js';
export type { CompositorOptions } from './compositor/compositor.js';
export type { BackendName } from './backends/index.js';
export type { OutputRequest, OutputMode } from './backends/backend.js';
export type { ControlTarget } from './control/target.js';
export { ConfigError } from './errors.js';
