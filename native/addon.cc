// Entry point of the wayboard addon: registers each part's functions. The DRM backend's
// parts are another addon (drm-addon.cc), loaded only by that backend.
#include "addon.h"

// unix-socket.cc: a Unix-socket client with fd passing, for test tools such as the fuzzer
void InitUnixSocket(Napi::Env env, Napi::Object exports);
// hunspell.cc: spelling dictionaries for the keyboard's suggestions
void InitHunspell(Napi::Env env, Napi::Object exports);

// timer.cc: one-shot libuv timers for frame pacing
void InitTimer(Napi::Env env, Napi::Object exports);

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  InitWayland(env, exports);
  InitRender(env, exports);
  InitShm(env, exports);
  InitXkb(env, exports);
  InitUnixSocket(env, exports);
  InitPixelMemory(env, exports);
  InitWaylandClient(env, exports);
  InitHunspell(env, exports);
  InitTimer(env, exports);
  return exports;
}

NODE_API_MODULE(wayboard, InitAddon)
