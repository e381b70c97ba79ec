// The client side: one connection to a parent compositor (the nested backend). Like the server
// side it knows no protocol's meaning: requests are marshalled by signature with the same
// runtime-built wl_interface tables (interfaces.cc), events reach JS through one generic
// dispatcher, and the connection's fd is polled by libuv (read when readable, flushed before
// Node blocks). Proxies are small integer tokens, 1 being the wl_display.
#include <uv.h>
#include <wayland-client-core.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "interfaces.h"

namespace {

wl_display* parent = nullptr;
napi_env js_env = nullptr;
Napi::FunctionReference on_event;         // (proxy, opcode, args[])
Napi::FunctionReference on_disconnected;  // (message)
Napi::AsyncContext* async_context = nullptr;
uv_poll_t fd_poll;
uv_prepare_t flush_prepare;
bool waiting_writable = false;

const uint32_t kDisplayToken = 1;
std::unordered_map<uint32_t, wl_proxy*> proxies;
uint32_t next_token = kDisplayToken + 1;

uint32_t TokenOf(wl_proxy* proxy) {
  if (!proxy) return 0;
  if (proxy == reinterpret_cast<wl_proxy*>(parent)) return kDisplayToken;
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(wl_proxy_get_user_data(proxy)));
}

wl_proxy* ProxyOf(uint32_t token) {
  if (token == kDisplayToken) return reinterpret_cast<wl_proxy*>(parent);
  auto it = proxies.find(token);
  return it == proxies.end() ? nullptr : it->second;
}

int Dispatcher(const void*, void* target, uint32_t opcode, const wl_message* message,
               wl_argument* args);

uint32_t Adopt(wl_proxy* proxy) {
  uint32_t token = next_token++;
  static const char kImplementation = 0;
  wl_proxy_add_dispatcher(proxy, Dispatcher, &kImplementation,
                          reinterpret_cast<void*>(static_cast<uintptr_t>(token)));
  proxies[token] = proxy;
  return token;
}

int Dispatcher(const void*, void* target, uint32_t opcode, const wl_message* message,
               wl_argument* args) {
  Napi::Env env(js_env);
  Napi::HandleScope scope(env);
  std::vector<char> types;
  for (const char* p = message->signature; *p; p++)
    if (*p != '?' && !(*p >= '0' && *p <= '9')) types.push_back(*p);
  Napi::Array js_args = Napi::Array::New(env, types.size());
  for (size_t i = 0; i < types.size(); i++) {
    const wl_argument& arg = args[i];
    Napi::Value value = env.Null();
    switch (types[i]) {
      case 'i': value = Napi::Number::New(env, arg.i); break;
      case 'u': value = Napi::Number::New(env, arg.u); break;
      case 'f': value = Napi::Number::New(env, wl_fixed_to_double(arg.f)); break;
      case 'h': value = Napi::Number::New(env, arg.h); break;
      case 's': if (arg.s) value = Napi::String::New(env, arg.s); break;
      case 'o': {
        uint32_t token = TokenOf(reinterpret_cast<wl_proxy*>(arg.o));
        if (token) value = Napi::Number::New(env, token);
        break;
      }
      case 'n': {
        // the parent made an object (e.g. a data offer): it gets our dispatcher too
        auto* created = reinterpret_cast<wl_proxy*>(arg.o);
        if (created) value = Napi::Number::New(env, Adopt(created));
        break;
      }
      case 'a':
        if (arg.a) value = Napi::Buffer<uint8_t>::Copy(env, static_cast<uint8_t*>(arg.a->data), arg.a->size);
        break;
    }
    js_args.Set(i, value);
  }
  on_event.Call({Napi::Number::New(env, TokenOf(static_cast<wl_proxy*>(target))),
                 Napi::Number::New(env, opcode), js_args});
  if (env.IsExceptionPending()) LogPendingException(env, "a parent compositor's event handler");
  return 0;
}

std::string ConnectionError() {
  int code = wl_display_get_error(parent);
  if (code == EPROTO) {
    const wl_interface* iface = nullptr;
    uint32_t id = 0;
    uint32_t error = wl_display_get_protocol_error(parent, &iface, &id);
    return std::string("protocol error ") + std::to_string(error) + " on " +
           (iface ? iface->name : "an object") + "@" + std::to_string(id);
  }
  return strerror(code ? code : errno);
}

void StopPolling() {
  uv_poll_stop(&fd_poll);
  uv_prepare_stop(&flush_prepare);
}

// The connection broke (the parent quit or sent a protocol error): JS hears it once.
void Disconnected() {
  StopPolling();
  Napi::Env env(js_env);
  on_disconnected.Call({Napi::String::New(env, ConnectionError())});
  if (env.IsExceptionPending()) LogPendingException(env, "a parent compositor's event handler");
}

void OnPoll(uv_poll_t*, int status, int events);

void StartPolling() {
  uv_poll_start(&fd_poll, waiting_writable ? UV_READABLE | UV_WRITABLE : UV_READABLE, OnPoll);
}

// Sends what is queued; a full socket (the parent reads slowly) is polled for writability
// and the rest goes when it drains.
void Flush() {
  bool was_waiting = waiting_writable;
  if (wl_display_flush(parent) >= 0) {
    waiting_writable = false;
  } else if (errno == EAGAIN) {
    waiting_writable = true;
  } else {
    Disconnected();
    return;
  }
  if (waiting_writable != was_waiting) StartPolling();
}

void OnPoll(uv_poll_t*, int status, int events) {
  WithJsScope(Napi::Env(js_env), *async_context, [&] {
    if (status < 0) return Disconnected();
    if (events & UV_READABLE) {
      while (wl_display_prepare_read(parent) != 0)
        if (wl_display_dispatch_pending(parent) < 0) return Disconnected();
      if (wl_display_read_events(parent) < 0) return Disconnected();
      if (wl_display_dispatch_pending(parent) < 0) return Disconnected();
    }
    if (events & UV_WRITABLE) Flush();
  });
}

// Before Node blocks: events queued by a roundtrip are dispatched, requests leave.
void OnBeforeBlock(uv_prepare_t*) {
  WithJsScope(Napi::Env(js_env), *async_context, [] {
    if (wl_display_dispatch_pending(parent) < 0) return Disconnected();
    Flush();
  });
}

Napi::Value Connect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, !parent, "parentConnect: already connected", env.Undefined());
  REQUIRE(env, info[1].IsFunction() && info[2].IsFunction(),
          "parentConnect(name, onEvent, onDisconnected)", env.Undefined());
  std::string name = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  parent = wl_display_connect(name.empty() ? nullptr : name.c_str());
  if (!parent) {
    Napi::Error::New(env, strerror(errno)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  js_env = env;
  on_event = Napi::Persistent(info[1].As<Napi::Function>());
  on_disconnected = Napi::Persistent(info[2].As<Napi::Function>());
  async_context = new Napi::AsyncContext(env, "wayboard:parent");
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &fd_poll, wl_display_get_fd(parent));
  StartPolling();
  uv_prepare_init(loop, &flush_prepare);
  uv_prepare_start(&flush_prepare, OnBeforeBlock);
  uv_unref(reinterpret_cast<uv_handle_t*>(&flush_prepare));
  return Napi::Number::New(env, kDisplayToken);
}

// marshal(proxy, opcode, args, newInterface, newVersion, destroy): a request; new_id
// arguments are null in args and come back as the new proxy's token (0 when none).
Napi::Value Marshal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, parent, "parentMarshal: not connected", env.Undefined());
  wl_proxy* proxy = ProxyOf(info[0].As<Napi::Number>().Uint32Value());
  REQUIRE(env, proxy, "parentMarshal: no such proxy", env.Undefined());
  uint32_t opcode = info[1].As<Napi::Number>().Uint32Value();
  Napi::Array js_args = info[2].As<Napi::Array>();
  // our table of the proxy's interface (libwayland 1.21 has no wl_proxy_get_interface)
  const wl_interface* self = FindInterface(wl_proxy_get_class(proxy));
  REQUIRE(env, self && opcode < static_cast<uint32_t>(self->method_count), "parentMarshal: bad opcode", env.Undefined());
  const wl_message& message = self->methods[opcode];
  const wl_interface* new_iface = nullptr;
  if (info[3].IsString()) {
    new_iface = FindInterface(info[3].As<Napi::String>());
    REQUIRE(env, new_iface, "parentMarshal: unknown interface", env.Undefined());
  }
  uint32_t new_version = info[4].IsNumber() ? info[4].As<Napi::Number>().Uint32Value() : 0;
  uint32_t flags = info[5].ToBoolean() ? WL_MARSHAL_FLAG_DESTROY : 0;

  std::vector<wl_argument> args(js_args.Length() + 1);
  std::vector<std::string> strings;
  strings.reserve(js_args.Length());  // no reallocation: c_str() pointers stay valid
  std::vector<wl_array> arrays;
  arrays.reserve(js_args.Length());
  size_t i = 0;
  for (const char* p = message.signature; *p; p++) {
    if (*p == '?' || (*p >= '0' && *p <= '9')) continue;
    REQUIRE(env, i < js_args.Length(), "parentMarshal: too few arguments", env.Undefined());
    Napi::Value value = js_args.Get(i);
    bool null = value.IsNull() || value.IsUndefined();
    switch (*p) {
      case 'i': case 'h': args[i].i = value.As<Napi::Number>().Int32Value(); break;
      case 'u': args[i].u = static_cast<uint32_t>(value.As<Napi::Number>().Int64Value()); break;
      case 'f': args[i].f = wl_fixed_from_double(value.As<Napi::Number>().DoubleValue()); break;
      case 's':
        if (null) { args[i].s = nullptr; break; }
        strings.push_back(value.As<Napi::String>().Utf8Value());
        args[i].s = strings.back().c_str();
        break;
      case 'o':
        args[i].o = null ? nullptr : reinterpret_cast<wl_object*>(ProxyOf(value.As<Napi::Number>().Uint32Value()));
        break;
      case 'n':
        // a typed new_id names its interface in the message; wl_registry.bind's is given
        if (!new_iface) new_iface = message.types[i];
        args[i].o = nullptr;
        break;
      case 'a': {
        auto bytes = value.As<Napi::Uint8Array>();
        arrays.push_back({bytes.ByteLength(), bytes.ByteLength(), bytes.Data()});
        args[i].a = &arrays.back();
        break;
      }
    }
    i++;
  }
  // a value of the wrong type left a TypeError pending: nothing is sent
  if (env.IsExceptionPending()) return env.Undefined();
  // the child takes the parent's version unless bound with its own
  if (new_iface && !new_version) new_version = wl_proxy_get_version(proxy);
  uint32_t token = TokenOf(proxy);
  wl_proxy* created = wl_proxy_marshal_array_flags(proxy, opcode, new_iface, new_version, flags, args.data());
  if (flags) proxies.erase(token);  // the destructor destroyed the proxy
  return Napi::Number::New(env, created ? Adopt(created) : 0);
}

Napi::Value ProxyDestroy(const Napi::CallbackInfo& info) {
  uint32_t token = info[0].As<Napi::Number>().Uint32Value();
  wl_proxy* proxy = token == kDisplayToken ? nullptr : ProxyOf(token);
  if (proxy) {
    wl_proxy_destroy(proxy);
    proxies.erase(token);
  }
  return info.Env().Undefined();
}

Napi::Value ProxyVersion(const Napi::CallbackInfo& info) {
  wl_proxy* proxy = ProxyOf(info[0].As<Napi::Number>().Uint32Value());
  return Napi::Number::New(info.Env(), proxy ? wl_proxy_get_version(proxy) : 0);
}

// Blocks until the parent answered everything sent so far; events arrive meanwhile.
Napi::Value Roundtrip(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, parent, "parentRoundtrip: not connected", env.Undefined());
  if (wl_display_roundtrip(parent) < 0) {
    Napi::Error::New(env, ConnectionError()).ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

Napi::Value Disconnect(const Napi::CallbackInfo& info) {
  if (!parent) return info.Env().Undefined();
  StopPolling();
  uv_close(reinterpret_cast<uv_handle_t*>(&fd_poll), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&flush_prepare), nullptr);
  for (auto& [token, proxy] : proxies) wl_proxy_destroy(proxy);
  proxies.clear();
  wl_display_disconnect(parent);
  parent = nullptr;
  on_event.Reset();
  on_disconnected.Reset();
  return info.Env().Undefined();
}

}  // namespace

void InitWaylandClient(Napi::Env env, Napi::Object exports) {
  exports.Set("parentConnect", Napi::Function::New(env, Connect));
  exports.Set("parentMarshal", Napi::Function::New(env, Marshal));
  exports.Set("parentProxyDestroy", Napi::Function::New(env, ProxyDestroy));
  exports.Set("parentProxyVersion", Napi::Function::New(env, ProxyVersion));
  exports.Set("parentRoundtrip", Napi::Function::New(env, Roundtrip));
  exports.Set("parentDisconnect", Napi::Function::New(env, Disconnect));
}
