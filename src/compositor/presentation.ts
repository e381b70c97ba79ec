// wp_presentation: feedback with the frame's presentation time on the monotonic clock.
import { WpPresentationResource, type WpPresentationFeedbackResource } from '../generated/index.js';
import type { Surface } from './surface.js';
import type { Display } from './wayland/display.js';

const CLOCK_MONOTONIC = 1;

export class Presentation {
  /** feedback objects waiting for the next presented frame of their surface */
  private readonly waiting: { surface: Surface; feedback: WpPresentationFeedbackResource }[] = [];

  constructor(display: Display) {
    display.createGlobal(WpPresentationResource, 1, (resource) => {
      resource.sendClockId(CLOCK_MONOTONIC);
      resource.implement({
        destroy: (r) => r.destroy(),
        feedback: (_r, surfaceResource, feedback) => {
          const surface = surfaceResource.handler as Surface | null;
          if (surface) surface.onCommitOnce(() => this.waiting.push({ surface, feedback }));
        },
      });
    });
  }

  /** a frame went out at `timeNs`: surfaces drawn in it get presented, others discarded */
  presented(
    timeNs: bigint,
    refreshNs: bigint,
    sequence: number,
    drawn: (surface: Surface) => boolean,
  ): void {
    for (const { surface, feedback } of this.waiting.splice(0)) {
      if (feedback.destroyed) continue;
      if (drawn(surface)) {
        const seconds = timeNs / 1000000000n;
        feedback.sendPresented(
          Number(seconds >> 32n),
          Number(seconds & 0xffffffffn),
          Number(timeNs % 1000000000n),
          Number(refreshNs),
          Math.floor(sequence / 2 ** 32),
          sequence >>> 0,
          0,
        );
      } else {
        feedback.sendDiscarded();
      }
      feedback.destroy();
    }
  }
}
