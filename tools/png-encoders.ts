// Compares wayboard's screenshot encoder (src/compositor/png.ts) with Skia's
// (@napi-rs/canvas) on real screenshots: size and time of each, and whether Skia decodes
// ours to the very pixels it was given.
//
//   npx tsx tools/png-encoders.ts SHOT.png...     (shots from `wayboard ctl screenshot`)
import { readFileSync } from 'node:fs';
import { createCanvas, Image, ImageData } from '@napi-rs/canvas';
import { encodePng } from '../src/compositor/png.js';

function decode(data: Buffer): { width: number; height: number; rgba: Uint8ClampedArray } {
  const image = new Image();
  image.src = data;
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  return {
    ...image,
    width: image.width,
    height: image.height,
    rgba: ctx.getImageData(0, 0, image.width, image.height).data,
  };
}

const ROUNDS = 5;
for (const file of process.argv.slice(2)) {
  const { width, height, rgba } = decode(readFileSync(file));
  const pixels = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.length);
  let ours = Buffer.alloc(0);
  let skia = Buffer.alloc(0);
  let oursMs = 0;
  let skiaMs = 0;
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    ours = encodePng(width, height, pixels);
    oursMs += performance.now() - t;
    t = performance.now();
    const canvas = createCanvas(width, height);
    canvas.getContext('2d').putImageData(new ImageData(rgba, width, height), 0, 0);
    skia = await canvas.encode('png');
    skiaMs += performance.now() - t;
  }
  const same = Buffer.from(decode(ours).rgba).equals(pixels);
  const ms = (t: number) => `${(t / ROUNDS).toFixed(1)} ms`;
  console.log(
    `${file} ${width}x${height}: ours ${ours.length} B ${ms(oursMs)}, skia ${skia.length} B ` +
      `${ms(skiaMs)} (${(skia.length / ours.length).toFixed(2)}x); ours decoded by skia: ${same ? 'same pixels' : 'DIFFERENT'}`,
  );
}
