// Internal declarations shared by the Wayland parts of the addon.
#pragma once
#include <wayland-server-core.h>

#include <string>

#include "addon.h"

// interfaces.cc: wl_interface tables built from the generated specs
const wl_interface* FindInterface(const std::string& name);
void InitInterfaces(Napi::Env env, Napi::Object exports);

// wayland.cc: calls into the JS callbacks given to init(); false when the callback threw
// (the exception is logged and cleared, never left to unwind into libwayland).
enum class Callback { Dispatch, ResourceDestroyed, Bind, ClientCreated, ClientDestroyed, Filter, Count };
bool CallJs(Callback which, const std::vector<napi_value>& args, Napi::Value* result = nullptr);
Napi::Env JsEnv();
uint32_t ClientToken(wl_client* client);
// wl_client_create on an fd wayboard was handed (clientCreate, the fds socket), as opposed
// to a connection to the public Wayland socket: such clients may be trusted.
wl_client* CreateHandedOverClient(int fd);
wl_client* ClientFromToken(uint32_t token);

// resources.cc
uint32_t AdoptResource(wl_resource* resource);      // ours: JS implements its requests
uint32_t TokenForResource(wl_resource* resource);   // any resource, registered on first sight
void InitResources(Napi::Env env, Napi::Object exports);

// client-fds.cc
void InitClientFds(Napi::Env env, Napi::Object exports);
void CloseClientFds();
