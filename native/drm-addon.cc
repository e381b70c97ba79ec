// Entry point of the DRM backend's addon, wayboard_drm.node: KMS, libseat, libinput and udev.
// It is a module of its own so that only `--backend drm` loads those libraries (and glib,
// libsystemd... behind them); every other run maps none of it. It shares no symbol with
// wayboard.node: framebuffer pixels reach a dumb buffer through the main addon mapping the
// buffer from the card's fd (memoryMap), not through pointers passed between the two.
#include "napi-util.h"

// drm.cc, seat.cc
void InitDrm(Napi::Env env, Napi::Object exports);
void InitSeat(Napi::Env env, Napi::Object exports);

Napi::Object InitDrmAddon(Napi::Env env, Napi::Object exports) {
  InitDrm(env, exports);
  InitSeat(env, exports);
  return exports;
}

NODE_API_MODULE(wayboard_drm, InitDrmAddon)
