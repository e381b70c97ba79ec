// The built-in input method: wires the keyboard (src/keyboard) to the compositor. The panel
// draws as an overlay on the focused surface's output, takes its touches, types into the
// seat's text-input model, and while it is shown the kiosk shell keeps the field in view.
import { KeyboardPanel, type PanelOutput } from '../keyboard/panel.js';
import { loadKeyboardConfig } from '../keyboard/config.js';
import { RecentList } from '../keyboard/words/learning.js';
import { suggesterFor } from '../keyboard/words/suggesters.js';
import type { Wayboard } from '../compositor/compositor.js';
import type { Output } from '../compositor/output.js';
import type { Surface } from '../compositor/surface.js';

/** Touch id for taps made by `ctl type`: far from real fingers' ids. */
const TYPE_TOUCH_ID = 98;

/** learning: false is --no-learning (the config's `learning` can turn it off too) */
export function attachKeyboard(
  wayboard: Wayboard,
  configFile: string | null,
  options: { learning?: boolean } = {},
): KeyboardPanel {
  const config = loadKeyboardConfig(configFile);
  const learning = config.learning && options.learning !== false;
  const { scene, input, textInput, shell, seat } = wayboard;
  let shownOn: Output | null = null;
  const panel = new KeyboardPanel(
    {
      addOverlay: (overlay, handler) => input.addOverlay(overlay, handler),
      damage: (overlay, rect) => scene.damageOverlay(overlay, rect),
      sink: () => textInput.sink(),
      context: () => textInput.context(),
      panelChanged: (output: PanelOutput, rect) => {
        const target = wayboard.outputs.find((o) => o.name === output.name) ?? null;
        if (shownOn && shownOn !== target) shell.setReserved(shownOn, null);
        shownOn = rect ? target : null;
        if (target)
          shell.setReserved(
            target,
            rect && {
              x: rect.x - target.x,
              y: rect.y - target.y,
              width: rect.width,
              height: rect.height,
            },
          );
        textInput.panelChanged(rect);
      },
      layoutChanged: (index) => {
        wayboard.activeLayout = index;
        seat.keyboard.setLayoutGroup(index);
      },
    },
    {
      layouts: wayboard.layouts,
      config,
      suggester: (layout) => suggesterFor(layout, learning),
      recentEmoji: RecentList.emoji(learning),
    },
  );
  textInput.panel = {
    show: (surface: Surface) => {
      const output = shell.outputOfSurface(surface) ?? wayboard.outputs[0];
      panel.show({
        name: output.name,
        x: output.x,
        y: output.y,
        width: output.width,
        height: output.height,
      });
    },
    hide: () => panel.hide(),
    focusLeaving: () => panel.finishWord(),
    contextChanged: () => {
      panel.contextChanged();
      shell.followCursor();
    },
  };
  shell.cursorRectOf = (surface) => {
    const active = textInput.active();
    return active && active.enabledSurface === surface ? active.cursorRectangle : null;
  };
  wayboard.addCommand('keys', () => panel.describe());
  wayboard.addCommand('type', async (args) => {
    if (!args.length) throw new Error('usage: type TEXT');
    await panel.type(args.join(' '), async (x, y) => {
      await wayboard.touchDown(TYPE_TOUCH_ID, x, y);
      await wayboard.touchUp(TYPE_TOUCH_ID);
    });
    return null;
  });
  return panel;
}
