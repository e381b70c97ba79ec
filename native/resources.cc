// Resources: tokens for wl_resources, one generic dispatcher that turns wl_arguments into JS
// values by signature, and event posting the other way.
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

#include <cstring>
#include <deque>
#include <vector>

#include "interfaces.h"

namespace {

struct ResourceEntry {
  wl_resource* resource;
  uint32_t token;
  wl_listener destroy_listener;
};

std::unordered_map<uint32_t, ResourceEntry*> by_token;
std::unordered_map<wl_resource*, ResourceEntry*> by_resource;
uint32_t next_token = 1;

void OnResourceDestroyed(wl_listener* listener, void*) {
  ResourceEntry* entry = wl_container_of(listener, entry, destroy_listener);
  wl_list_remove(&listener->link);
  by_token.erase(entry->token);
  by_resource.erase(entry->resource);
  Napi::Env env = JsEnv();
  Napi::HandleScope scope(env);
  CallJs(Callback::ResourceDestroyed, {Napi::Number::New(env, entry->token)});
  delete entry;
}

uint32_t Register(wl_resource* resource) {
  auto it = by_resource.find(resource);
  if (it != by_resource.end()) return it->second->token;
  auto* entry = new ResourceEntry{resource, next_token++, {}};
  entry->destroy_listener.notify = OnResourceDestroyed;
  wl_resource_add_destroy_listener(resource, &entry->destroy_listener);
  by_token[entry->token] = entry;
  by_resource[resource] = entry;
  return entry->token;
}

// Walks a libwayland signature: skips the since-version digits and returns each type
// character with its nullability.
struct SignatureArg {
  char type;
  bool nullable;
};
std::vector<SignatureArg> ParseSignature(const char* signature) {
  std::vector<SignatureArg> args;
  bool nullable = false;
  for (const char* p = signature; *p; p++) {
    if (*p >= '0' && *p <= '9') continue;
    if (*p == '?') {
      nullable = true;
      continue;
    }
    args.push_back({*p, nullable});
    nullable = false;
  }
  return args;
}

// A message's parsed signature, parsed once: messages live in interface tables that last
// as long as the addon, so their addresses are stable keys.
const std::vector<SignatureArg>& SignatureOf(const wl_message* message) {
  static std::unordered_map<const wl_message*, std::vector<SignatureArg>> parsed;
  auto it = parsed.find(message);
  if (it == parsed.end()) it = parsed.emplace(message, ParseSignature(message->signature)).first;
  return it->second;
}

// The interface of a resource, by its class name's address (the name lives in the interface
// table; the lookup by string happens once per interface).
const wl_interface* InterfaceOf(wl_resource* resource) {
  static std::unordered_map<const char*, const wl_interface*> by_name;
  const char* name = wl_resource_get_class(resource);
  auto it = by_name.find(name);
  if (it == by_name.end()) it = by_name.emplace(name, FindInterface(name)).first;
  return it->second;
}

int Dispatcher(const void*, void* target, uint32_t opcode, const wl_message* message,
               wl_argument* args) {
  auto* resource = static_cast<wl_resource*>(target);
  wl_client* client = wl_resource_get_client(resource);
  Napi::Env env = JsEnv();
  Napi::HandleScope scope(env);
  const auto& signature = SignatureOf(message);
  Napi::Array js_args = Napi::Array::New(env, signature.size());
  for (size_t i = 0; i < signature.size(); i++) {
    const wl_argument& arg = args[i];
    Napi::Value value;
    switch (signature[i].type) {
      case 'i': value = Napi::Number::New(env, arg.i); break;
      case 'u': value = Napi::Number::New(env, arg.u); break;
      case 'f': value = Napi::Number::New(env, wl_fixed_to_double(arg.f)); break;
      case 'h': value = Napi::Number::New(env, arg.h); break;
      case 's': value = arg.s ? Napi::String::New(env, arg.s) : env.Null(); break;
      case 'o': {
        auto* object = reinterpret_cast<wl_resource*>(arg.o);
        value = object ? Napi::Number::New(env, TokenForResource(object)) : env.Null();
        break;
      }
      case 'n': {
        // The client named a new object: create it now with the parent's version so the
        // handler receives a live resource.
        const wl_interface* iface = message->types[i];
        wl_resource* created = iface ? wl_resource_create(client, iface,
                                                          wl_resource_get_version(resource), arg.n)
                                     : nullptr;
        if (!created) {
          wl_client_post_no_memory(client);
          return 0;
        }
        value = Napi::Number::New(env, AdoptResource(created));
        break;
      }
      case 'a': {
        wl_array* array = arg.a;
        value = array ? Napi::Buffer<uint8_t>::Copy(env, static_cast<uint8_t*>(array->data),
                                                    array->size)
                      : env.Null();
        break;
      }
      default: value = env.Undefined();
    }
    js_args.Set(i, value);
  }
  uint32_t token = Register(resource);
  if (!CallJs(Callback::Dispatch, {Napi::Number::New(env, token), Napi::Number::New(env, opcode),
                                   js_args})) {
    wl_client_post_implementation_error(client, "%s.%s failed in the compositor",
                                        wl_resource_get_class(resource), message->name);
  }
  return 0;
}

wl_resource* Arg0Resource(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber()) return nullptr;
  return ResourceFromToken(info[0].As<Napi::Number>().Uint32Value());
}

Napi::Value ResourceCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  wl_client* client = ClientFromToken(info[0].As<Napi::Number>().Uint32Value());
  REQUIRE(env, client, "resourceCreate: no such client", env.Undefined());
  const wl_interface* iface = FindInterface(info[1].As<Napi::String>());
  REQUIRE(env, iface, "resourceCreate: unknown interface", env.Undefined());
  wl_resource* resource = wl_resource_create(client, iface, info[2].As<Napi::Number>().Int32Value(),
                                             info[3].As<Napi::Number>().Uint32Value());
  if (!resource) {
    wl_client_post_no_memory(client);
    return Napi::Number::New(env, 0);
  }
  return Napi::Number::New(env, AdoptResource(resource));
}

Napi::Value ResourceDestroy(const Napi::CallbackInfo& info) {
  if (wl_resource* resource = Arg0Resource(info)) wl_resource_destroy(resource);
  return info.Env().Undefined();
}

Napi::Value ResourceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  wl_resource* resource = Arg0Resource(info);
  REQUIRE(env, resource, "resourceInfo: no such resource", env.Undefined());
  Napi::Object result = Napi::Object::New(env);
  result.Set("id", wl_resource_get_id(resource));
  result.Set("version", wl_resource_get_version(resource));
  result.Set("client", ClientToken(wl_resource_get_client(resource)));
  result.Set("interface", wl_resource_get_class(resource));
  return result;
}

// Converts JS event arguments by signature; strings and arrays are kept alive in `storage`
// until the event is marshalled.
struct ArgStorage {
  std::deque<std::string> strings;  // deque: elements never move, so c_str() stays valid
  std::deque<wl_array> arrays;
  bool* names_dead_object;
};

bool ToArgument(SignatureArg sig, Napi::Value value, wl_argument* out, ArgStorage* storage) {
  bool is_null = value.IsNull() || value.IsUndefined();
  switch (sig.type) {
    case 'i':
    case 'u':
    case 'h':
    case 'f': {
      if (!value.IsNumber()) return false;
      double number = value.As<Napi::Number>().DoubleValue();
      if (sig.type == 'i' || sig.type == 'h') out->i = static_cast<int32_t>(number);
      if (sig.type == 'u') out->u = static_cast<uint32_t>(static_cast<int64_t>(number));
      if (sig.type == 'f') out->f = wl_fixed_from_double(number);
      return true;
    }
    case 's':
      if (is_null) {
        out->s = nullptr;
        return sig.nullable;
      }
      if (!value.IsString()) return false;
      storage->strings.push_back(value.As<Napi::String>().Utf8Value());
      out->s = storage->strings.back().c_str();
      return true;
    case 'o':
    case 'n': {
      if (is_null) {
        out->o = nullptr;
        return sig.nullable;
      }
      if (!value.IsNumber()) return false;
      wl_resource* object = ResourceFromToken(value.As<Napi::Number>().Uint32Value());
      out->o = reinterpret_cast<wl_object*>(object);
      if (!object) *storage->names_dead_object = true;
      return true;
    }
    case 'a': {
      if (!value.IsTypedArray()) return false;
      auto bytes = value.As<Napi::Uint8Array>();
      wl_array array;
      array.size = array.alloc = bytes.ByteLength();
      array.data = bytes.Data();
      storage->arrays.push_back(array);
      out->a = &storage->arrays.back();
      return true;
    }
  }
  return false;
}

Napi::Value Post(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  wl_resource* resource = Arg0Resource(info);
  if (!resource) return env.Undefined();  // gone already: events to it are moot
  uint32_t opcode = info[1].As<Napi::Number>().Uint32Value();
  Napi::Array js_args = info[2].As<Napi::Array>();
  const wl_interface* iface = InterfaceOf(resource);
  REQUIRE(env, iface && opcode < static_cast<uint32_t>(iface->event_count),
          "post: bad opcode", env.Undefined());
  const auto& signature = SignatureOf(&iface->events[opcode]);
  REQUIRE(env, signature.size() == js_args.Length(), "post: wrong argument count", env.Undefined());
  std::vector<wl_argument> args(signature.size() + 1);
  bool names_dead_object = false;
  ArgStorage storage{{}, {}, &names_dead_object};
  for (size_t i = 0; i < signature.size(); i++) {
    if (!ToArgument(signature[i], js_args.Get(i), &args[i], &storage)) {
      std::string msg = std::string("post: bad argument ") + std::to_string(i) + " for " +
                        iface->name + "." + iface->events[opcode].name;
      Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }
  // An event naming an object that is gone (a leave for a destroyed surface, during a
  // client's teardown) means nothing to the client: it is dropped, never an exception.
  if (names_dead_object) return Napi::Boolean::New(env, false);
  wl_resource_post_event_array(resource, opcode, args.data());
  return Napi::Boolean::New(env, true);
}

Napi::Value PostError(const Napi::CallbackInfo& info) {
  if (wl_resource* resource = Arg0Resource(info)) {
    std::string message = info[2].As<Napi::String>();
    wl_resource_post_error(resource, info[1].As<Napi::Number>().Uint32Value(), "%s",
                           message.c_str());
  }
  return info.Env().Undefined();
}

Napi::Value PostNoMemory(const Napi::CallbackInfo& info) {
  if (wl_resource* resource = Arg0Resource(info)) wl_resource_post_no_memory(resource);
  return info.Env().Undefined();
}

}  // namespace

uint32_t AdoptResource(wl_resource* resource) {
  uint32_t token = Register(resource);
  // libwayland wants a non-null implementation even when a dispatcher handles everything
  static const char kImplementation = 0;
  wl_resource_set_dispatcher(resource, Dispatcher, &kImplementation, nullptr, nullptr);
  return token;
}

uint32_t TokenForResource(wl_resource* resource) { return Register(resource); }

size_t ResourceCount() { return by_token.size(); }

wl_resource* ResourceFromToken(uint32_t token) {
  auto it = by_token.find(token);
  return it == by_token.end() ? nullptr : it->second->resource;
}

void InitResources(Napi::Env env, Napi::Object exports) {
  exports.Set("resourceCreate", Napi::Function::New(env, ResourceCreate));
  exports.Set("resourceDestroy", Napi::Function::New(env, ResourceDestroy));
  exports.Set("resourceInfo", Napi::Function::New(env, ResourceInfo));
  exports.Set("post", Napi::Function::New(env, Post));
  exports.Set("postError", Napi::Function::New(env, PostError));
  exports.Set("postNoMemory", Napi::Function::New(env, PostNoMemory));
}
