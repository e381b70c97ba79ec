// Vector icons for the function keys, drawn as paths so they stay crisp at any panel size
// and do not depend on which symbol glyphs a font happens to have.
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Icon } from './view.js';
import type { ShiftState } from './state.js';

/** the keys drawn on the hide key's little keyboard */
const KEYBOARD_DOTS = [
  [-7, -6],
  [-2.3, -6],
  [2.3, -6],
  [7, -6],
  [-7, -1],
  [7, -1],
];

/** Draws an icon centred on (cx, cy), `size` pixels tall. */
export function drawIcon(
  ctx: SKRSContext2D,
  icon: Icon,
  cx: number,
  cy: number,
  size: number,
  color: string,
  shift: ShiftState | null,
): void {
  ctx.save();
  ctx.translate(cx, cy);
  ctx.scale(size / 24, size / 24); // icons are drawn on a 24×24 grid around the centre
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.beginPath();
  switch (icon) {
    case 'shift':
      // an arrow up: outlined when off, filled when on, with a bar beneath when locked
      polygon(ctx, [
        [0, -10],
        [10, 1],
        [4.5, 1],
        [4.5, 8],
        [-4.5, 8],
        [-4.5, 1],
        [-10, 1],
      ]);
      if (shift === 'off') ctx.stroke();
      else ctx.fill();
      if (shift === 'locked') ctx.fillRect(-4.5, 10, 9, 2.5);
      break;
    case 'backspace':
      polygon(ctx, [
        [-12, 0],
        [-5, -8],
        [11, -8],
        [11, 8],
        [-5, 8],
      ]);
      ctx.moveTo(-1, -3.5);
      ctx.lineTo(6, 3.5);
      ctx.moveTo(6, -3.5);
      ctx.lineTo(-1, 3.5);
      ctx.stroke();
      break;
    case 'enter':
      ctx.moveTo(10, -9);
      ctx.lineTo(10, 3);
      ctx.lineTo(-9, 3);
      ctx.moveTo(-4, -2.5);
      ctx.lineTo(-9.5, 3);
      ctx.lineTo(-4, 8.5);
      ctx.stroke();
      break;
    case 'hide':
      // a keyboard over a chevron pointing down
      ctx.roundRect(-11, -10, 22, 13, 2);
      for (const [x, y] of KEYBOARD_DOTS) ctx.rect(x - 0.8, y - 0.8, 1.6, 1.6);
      ctx.moveTo(-4, -1);
      ctx.lineTo(4, -1);
      ctx.moveTo(-4, 7);
      ctx.lineTo(0, 10.5);
      ctx.lineTo(4, 7);
      ctx.stroke();
      break;
    case 'left':
    case 'right': {
      const d = icon === 'left' ? -1 : 1;
      polygon(ctx, [
        [7 * d, 0],
        [-5 * d, -8],
        [-5 * d, 8],
      ]);
      ctx.fill();
      break;
    }
  }
  ctx.restore();
}

function polygon(ctx: SKRSContext2D, points: number[][]): void {
  ctx.moveTo(points[0][0], points[0][1]);
  for (const [x, y] of points.slice(1)) ctx.lineTo(x, y);
  ctx.closePath();
}
