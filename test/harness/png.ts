// Reads the PNGs wayboard writes so tests can check pixels. Decoded by Skia
// (@napi-rs/canvas), not by code of ours: the encoder (src/compositor/png.ts) is checked by
// a decoder that shares none of its assumptions.
import { createCanvas, Image as SkiaImage } from '@napi-rs/canvas';

export interface Image {
  width: number;
  height: number;
  /** [r, g, b, a] at a pixel */
  pixel(x: number, y: number): [number, number, number, number];
}

export function decodePng(data: Buffer): Image {
  if (data.length < 8 || data.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  const image = new SkiaImage();
  image.src = data; // decoded at once
  const { width, height } = image;
  if (!image.complete || width === 0) throw new Error('PNG that Skia cannot decode');
  const ctx = createCanvas(width, height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  // unpremultiplied RGBA, as the file holds it (exact for the opaque pixels wayboard writes)
  const pixels = ctx.getImageData(0, 0, width, height).data;
  return {
    width,
    height,
    pixel: (x, y) => {
      if (x < 0 || y < 0 || x >= width || y >= height)
        throw new RangeError(`pixel ${x},${y} outside ${width}x${height}`);
      const i = (y * width + x) * 4;
      return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
    },
  };
}
