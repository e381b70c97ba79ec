// The display, its event loop driven by libuv, clients and globals.
#include <uv.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unordered_set>
#include <vector>

#include "interfaces.h"

namespace {

wl_display* display = nullptr;
napi_env js_env = nullptr;
Napi::FunctionReference callbacks[static_cast<int>(Callback::Count)];
Napi::AsyncContext* async_context = nullptr;
uv_poll_t loop_poll;
uv_prepare_t flush_prepare;

struct ClientEntry {
  wl_client* client;
  uint32_t token;
  wl_listener destroy_listener;
};
std::unordered_map<uint32_t, ClientEntry*> clients_by_token;
std::unordered_map<wl_client*, ClientEntry*> clients;
uint32_t next_client_token = 1;
wl_listener client_created_listener;
bool creating_handed_over = false;

struct GlobalEntry {
  wl_global* global;
  uint32_t token;
  const wl_interface* iface;
};
std::unordered_map<uint32_t, GlobalEntry*> globals_by_token;
std::unordered_set<const wl_global*> our_globals;
uint32_t next_global_token = 1;

// libwayland's own messages ("unable to lock lockfile") would precede wayboard's one-line
// error; they are shown only when debugging.
void LogFromLibwayland(const char* format, va_list args) {
  if (getenv("WAYBOARD_DEBUG")) vfprintf(stderr, format, args);
}

void OnLoopReadable(uv_poll_t*, int, int) {
  WithJsScope(Napi::Env(js_env), *async_context,
              [] { wl_event_loop_dispatch(wl_display_get_event_loop(display), 0); });
}

// Runs before libuv blocks: everything JS posted since the last turn leaves now.
void OnBeforeBlock(uv_prepare_t*) {
  WithJsScope(Napi::Env(js_env), *async_context, [] {
    wl_event_loop_dispatch_idle(wl_display_get_event_loop(display));
    wl_display_flush_clients(display);
  });
}

void OnClientDestroyed(wl_listener* listener, void*) {
  ClientEntry* entry = wl_container_of(listener, entry, destroy_listener);
  wl_list_remove(&listener->link);
  Napi::Env env(js_env);
  Napi::HandleScope scope(env);
  CallJs(Callback::ClientDestroyed, {Napi::Number::New(env, entry->token)});
  clients_by_token.erase(entry->token);
  clients.erase(entry->client);
  delete entry;
}

void OnClientCreated(wl_listener*, void* data) {
  auto* client = static_cast<wl_client*>(data);
  auto* entry = new ClientEntry{client, next_client_token++, {}};
  entry->destroy_listener.notify = OnClientDestroyed;
  wl_client_add_destroy_listener(client, &entry->destroy_listener);
  clients_by_token[entry->token] = entry;
  clients[client] = entry;
  Napi::Env env(js_env);
  Napi::HandleScope scope(env);
  CallJs(Callback::ClientCreated,
         {Napi::Number::New(env, entry->token), Napi::Boolean::New(env, creating_handed_over)});
}

void OnBind(wl_client* client, void* data, uint32_t version, uint32_t id) {
  auto* global = static_cast<GlobalEntry*>(data);
  wl_resource* resource = wl_resource_create(client, global->iface, version, id);
  if (!resource) {
    wl_client_post_no_memory(client);
    return;
  }
  uint32_t token = AdoptResource(resource);
  Napi::Env env(js_env);
  Napi::HandleScope scope(env);
  CallJs(Callback::Bind, {Napi::Number::New(env, global->token), Napi::Number::New(env, ClientToken(client)),
                          Napi::Number::New(env, token), Napi::Number::New(env, version)});
}

bool GlobalFilter(const wl_client* client, const wl_global* global, void*) {
  if (!our_globals.count(global)) return true;  // not created by wayboard: nothing to ask
  auto* entry = static_cast<GlobalEntry*>(wl_global_get_user_data(global));
  Napi::Env env(js_env);
  Napi::HandleScope scope(env);
  Napi::Value allowed;
  if (!CallJs(Callback::Filter, {Napi::Number::New(env, ClientToken(const_cast<wl_client*>(client))),
                                 Napi::Number::New(env, entry->token)},
              &allowed))
    return false;
  return allowed.ToBoolean();
}

Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, !display, "init: already initialised", env.Undefined());
  REQUIRE(env, info[0].IsObject(), "init(callbacks)", env.Undefined());
  Napi::Object object = info[0].As<Napi::Object>();
  const char* names[] = {"dispatch", "resourceDestroyed", "bind", "clientCreated", "clientDestroyed", "filter"};
  for (int i = 0; i < static_cast<int>(Callback::Count); i++) {
    Napi::Value fn = object.Get(names[i]);
    REQUIRE(env, fn.IsFunction(), std::string("init: missing callback ") + names[i], env.Undefined());
    callbacks[i] = Napi::Persistent(fn.As<Napi::Function>());
  }
  js_env = env;
  wl_log_set_handler_server(LogFromLibwayland);
  async_context = new Napi::AsyncContext(env, "wayboard:wayland");
  display = wl_display_create();
  REQUIRE(env, display, "wl_display_create failed", env.Undefined());
  client_created_listener.notify = OnClientCreated;
  wl_display_add_client_created_listener(display, &client_created_listener);
  wl_display_set_global_filter(display, GlobalFilter, nullptr);

  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &loop_poll, wl_event_loop_get_fd(wl_display_get_event_loop(display)));
  uv_poll_start(&loop_poll, UV_READABLE, OnLoopReadable);
  uv_prepare_init(loop, &flush_prepare);
  uv_prepare_start(&flush_prepare, OnBeforeBlock);
  uv_unref(reinterpret_cast<uv_handle_t*>(&flush_prepare));
  return env.Undefined();
}

Napi::Value AddSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, display, "addSocket: not initialised", env.Undefined());
  if (info[0].IsString()) {
    std::string name = info[0].As<Napi::String>();
    if (wl_display_add_socket(display, name.c_str()) != 0) {
      Napi::Error::New(env, "cannot listen on socket " + name + " (in use, or XDG_RUNTIME_DIR not writable)")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    return Napi::String::New(env, name);
  }
  const char* name = wl_display_add_socket_auto(display);
  REQUIRE(env, name, "no free wayland-N socket name", env.Undefined());
  return Napi::String::New(env, name);
}

Napi::Value Flush(const Napi::CallbackInfo& info) {
  if (display) wl_display_flush_clients(display);
  return info.Env().Undefined();
}

Napi::Value NextSerial(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), wl_display_next_serial(display));
}

Napi::Value Terminate(const Napi::CallbackInfo& info) {
  if (!display) return info.Env().Undefined();
  CloseClientFds();
  uv_poll_stop(&loop_poll);
  uv_prepare_stop(&flush_prepare);
  uv_close(reinterpret_cast<uv_handle_t*>(&loop_poll), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&flush_prepare), nullptr);
  wl_display_destroy_clients(display);
  wl_display_destroy(display);
  display = nullptr;
  return info.Env().Undefined();
}

Napi::Value CreateGlobal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>();
  const wl_interface* iface = FindInterface(name);
  REQUIRE(env, iface, "createGlobal: unknown interface " + name, env.Undefined());
  auto* entry = new GlobalEntry{nullptr, next_global_token++, iface};
  entry->global = wl_global_create(display, iface, info[1].As<Napi::Number>().Int32Value(), entry, OnBind);
  REQUIRE(env, entry->global, "wl_global_create failed for " + name, env.Undefined());
  globals_by_token[entry->token] = entry;
  our_globals.insert(entry->global);
  return Napi::Number::New(env, entry->token);
}

Napi::Value DestroyGlobal(const Napi::CallbackInfo& info) {
  auto it = globals_by_token.find(info[0].As<Napi::Number>().Uint32Value());
  if (it != globals_by_token.end()) {
    our_globals.erase(it->second->global);
    wl_global_destroy(it->second->global);
    delete it->second;
    globals_by_token.erase(it);
  }
  return info.Env().Undefined();
}

wl_client* Arg0Client(const Napi::CallbackInfo& info) {
  return info[0].IsNumber() ? ClientFromToken(info[0].As<Napi::Number>().Uint32Value()) : nullptr;
}

Napi::Value ClientCredentials(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  wl_client* client = Arg0Client(info);
  REQUIRE(env, client, "clientCredentials: no such client", env.Undefined());
  pid_t pid;
  uid_t uid;
  gid_t gid;
  wl_client_get_credentials(client, &pid, &uid, &gid);
  Napi::Object result = Napi::Object::New(env);
  result.Set("pid", pid);
  result.Set("uid", uid);
  result.Set("gid", gid);
  return result;
}

Napi::Value ClientDestroy(const Napi::CallbackInfo& info) {
  if (wl_client* client = Arg0Client(info)) wl_client_destroy(client);
  return info.Env().Undefined();
}

Napi::Value ClientPostImplementationError(const Napi::CallbackInfo& info) {
  if (wl_client* client = Arg0Client(info)) {
    std::string message = info[1].As<Napi::String>();
    wl_client_post_implementation_error(client, "%s", message.c_str());
  }
  return info.Env().Undefined();
}

Napi::Value ClientCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  wl_client* client = CreateHandedOverClient(info[0].As<Napi::Number>().Int32Value());
  REQUIRE(env, client, "wl_client_create failed", env.Undefined());
  return Napi::Number::New(env, ClientToken(client));
}

// Live object counts: a client that leaves must take everything it caused with it.
Napi::Value Stats(const Napi::CallbackInfo& info) {
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("clients", static_cast<double>(clients.size()));
  result.Set("resources", static_cast<double>(ResourceCount()));
  result.Set("images", static_cast<double>(ImageCount()));
  return result;
}

}  // namespace

bool CallJs(Callback which, const std::vector<napi_value>& args, Napi::Value* result) {
  Napi::Env env(js_env);
  Napi::Value value = callbacks[static_cast<int>(which)].Call(args);
  if (env.IsExceptionPending()) {
    LogPendingException(env, "a Wayland handler");
    return false;
  }
  if (result) *result = value;
  return true;
}

Napi::Env JsEnv() { return Napi::Env(js_env); }
wl_display* TheDisplay() { return display; }

uint32_t ClientToken(wl_client* client) {
  auto it = clients.find(client);
  return it == clients.end() ? 0 : it->second->token;
}

wl_client* CreateHandedOverClient(int fd) {
  creating_handed_over = true;
  wl_client* client = wl_client_create(display, fd);
  creating_handed_over = false;
  return client;
}

wl_client* ClientFromToken(uint32_t token) {
  auto it = clients_by_token.find(token);
  return it == clients_by_token.end() ? nullptr : it->second->client;
}

void InitWayland(Napi::Env env, Napi::Object exports) {
  exports.Set("init", Napi::Function::New(env, Init));
  exports.Set("addSocket", Napi::Function::New(env, AddSocket));
  exports.Set("flush", Napi::Function::New(env, Flush));
  exports.Set("nextSerial", Napi::Function::New(env, NextSerial));
  exports.Set("terminate", Napi::Function::New(env, Terminate));
  exports.Set("createGlobal", Napi::Function::New(env, CreateGlobal));
  exports.Set("destroyGlobal", Napi::Function::New(env, DestroyGlobal));
  exports.Set("clientCredentials", Napi::Function::New(env, ClientCredentials));
  exports.Set("clientDestroy", Napi::Function::New(env, ClientDestroy));
  exports.Set("clientPostImplementationError", Napi::Function::New(env, ClientPostImplementationError));
  exports.Set("clientCreate", Napi::Function::New(env, ClientCreate));
  exports.Set("stats", Napi::Function::New(env, Stats));
  InitInterfaces(env, exports);
  InitResources(env, exports);
  InitClientFds(env, exports);
}
