// Screenshots (src/compositor/png.ts) decode, by Skia, to exactly the pixels they were made
// of: flat areas, gradients and noise, in odd sizes.
import { expect, it } from 'vitest';
import { encodePng } from '../../src/compositor/png.js';
import { decodePng } from '../harness/png.js';

function framebuffer(width: number, height: number): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = seed >>> 24;
      // left third flat, middle a gradient, right third noise; opaque as readPixels gives
      const band = (3 * x) / width;
      const value =
        band < 1
          ? [40, 44, 52]
          : band < 2
            ? [x & 255, y & 255, (x + y) & 255]
            : [noise, 255 - noise, noise ^ 0x5a];
      rgba.set([...value, 255], i);
    }
  }
  return rgba;
}

it.each([
  [1, 1],
  [37, 23],
  [1280, 720],
])('a %ix%i screenshot decodes to the same bytes', (width, height) => {
  const rgba = framebuffer(width, height);
  const image = decodePng(encodePng(width, height, rgba));
  expect([image.width, image.height]).toEqual([width, height]);
  const back = Buffer.alloc(rgba.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) back.set(image.pixel(x, y), (y * width + x) * 4);
  expect(back.equals(rgba)).toBe(true);
});
