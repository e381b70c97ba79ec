// What a rotated output costs the renderer: one full 1280×720 frame composited through each
// output transform's matrix (normal, rotate-90, rotate-180), for an opaque (SRC) and a
// translucent (OVER) layer. `npx tsx bench/rotation.ts`; milliseconds per frame.
import { native } from '../src/native.js';
import { packLayers } from '../src/compositor/render-list.js';
import { layersToPanel, transformSize } from '../src/compositor/transform.js';

const WIDTH = 1280;
const HEIGHT = 720;
const FRAMES = 200;

for (const opaque of [true, false]) {
  for (const transform of [0, 1, 2]) {
    const framebuffer = native.framebufferCreate(WIDTH, HEIGHT);
    const { width, height } = transformSize(transform, WIDTH, HEIGHT);
    let texture: number;
    if (opaque) {
      texture = native.framebufferCreate(width, height); // x8r8g8b8: drawn with SRC
    } else {
      texture = native.textureCreate();
      const white = new Uint8Array(width * height * 4).fill(255);
      native.textureUploadRGBA(texture, width, height, white, null);
    }
    const whole = { x: 0, y: 0, width, height };
    const layers = layersToPanel([{ texture, ...whole, src: whole }], transform, width, height);
    const damage = new Int32Array([0, 0, WIDTH, HEIGHT]);
    const frame = () => native.render(framebuffer, 0x202124, packLayers(layers), damage);
    for (let i = 0; i < 20; i++) frame();
    const start = process.hrtime.bigint();
    for (let i = 0; i < FRAMES; i++) frame();
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / FRAMES;
    const kind = opaque ? 'opaque (SRC)     ' : 'translucent (OVER)';
    console.log(`${kind} transform ${transform}: ${ms.toFixed(2)} ms per full frame`);
    native.textureDestroy(texture);
    native.textureDestroy(framebuffer);
  }
}
