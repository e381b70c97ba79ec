// Stand-ins for unit tests of the text-input adapters: clients, surfaces and resources that
// record the events sent to them. (Real clients prove the protocols in test/clients.)
import { vi } from 'vitest';
import { Surface } from '../../src/compositor/surface.js';
import type { Display } from '../../src/compositor/wayland/display.js';
import type { WlSurfaceResource } from '../../src/generated/index.js';
import { TextInputModel, type PanelController } from '../../src/text-input/model.js';

export type Sent = [string, ...unknown[]];

export function fakeClient(pid: number) {
  return { pid } as unknown as Surface['client'];
}

export function fakeSurface(id: number, client: Surface['client']): Surface {
  const resource = { id } as unknown as WlSurfaceResource;
  return { id, client, resource } as unknown as Surface;
}

/** a protocol object stand-in: every send* call is recorded as [EventName, ...args] */
export function fakeResource<R>(client: Surface['client']): { resource: R; sent: Sent[] } {
  const sent: Sent[] = [];
  const resource = new Proxy(
    { client, implement() {}, onDestroy() {} } as Record<string, unknown>,
    {
      get(target, name: string) {
        if (name in target) return target[name];
        if (name.startsWith('send'))
          return (...args: unknown[]) => sent.push([name.slice(4), ...args]);
        return undefined;
      },
    },
  ) as unknown as R;
  return { resource, sent };
}

let serial = 100;
export const fakeDisplay = { nextSerial: () => ++serial, flush: () => {} } as unknown as Display;

/** a model with a recording panel, and two clients with one surface each */
export function modelWithTwoClients() {
  const panelCalls: string[] = [];
  const panel: PanelController = {
    show: (s) => panelCalls.push(`show ${s.id}`),
    hide: () => panelCalls.push('hide'),
    contextChanged: () => {},
  };
  const model = new TextInputModel('seat0', () => ({ x: 0, y: 0 }));
  model.panel = panel;
  const clientA = fakeClient(1);
  const clientB = fakeClient(2);
  const surfaceA = fakeSurface(10, clientA);
  const surfaceB = fakeSurface(20, clientB);
  // adapters find the Surface behind a wl_surface resource
  vi.spyOn(Surface, 'from').mockImplementation((res) =>
    [surfaceA, surfaceB].find((s) => s.resource === res),
  );
  return { model, panelCalls, clientA, clientB, surfaceA, surfaceB };
}
