// Entry point of the wayboard addon: registers each part's functions.
#include "addon.h"

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  InitWayland(env, exports);
  InitRender(env, exports);
  InitXkb(env, exports);
  return exports;
}

NODE_API_MODULE(wayboard, InitAddon)
