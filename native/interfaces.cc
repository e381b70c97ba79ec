// Builds libwayland's wl_interface tables at runtime from the interface descriptions that
// the TypeScript generator emits, so both sides read one source: the protocol XML.
#include "interfaces.h"

#include <cstring>
#include <string>
#include <vector>

namespace {

std::unordered_map<std::string, wl_interface*> interfaces;

// Strings and arrays live as long as the process: libwayland keeps pointers to them.
const char* KeepString(const std::string& s) { return strdup(s.c_str()); }

wl_interface* FindOrAllocate(const std::string& name) {
  auto it = interfaces.find(name);
  if (it != interfaces.end()) return it->second;
  auto* iface = new wl_interface();
  iface->name = KeepString(name);
  interfaces[name] = iface;
  return iface;
}

bool FillMessages(Napi::Env env, Napi::Array list, const wl_message** out, int* count) {
  uint32_t n = list.Length();
  auto* messages = new wl_message[n];
  for (uint32_t i = 0; i < n; i++) {
    Napi::Object spec = list.Get(i).As<Napi::Object>();
    std::string name = spec.Get("name").As<Napi::String>();
    std::string signature = spec.Get("signature").As<Napi::String>();
    uint32_t since = spec.Get("since").As<Napi::Number>().Uint32Value();
    Napi::Array types = spec.Get("types").As<Napi::Array>();
    // libwayland encodes the since-version as a decimal prefix of the signature
    std::string full = since > 1 ? std::to_string(since) + signature : signature;
    uint32_t ntypes = types.Length();
    auto** type_table = new const wl_interface*[ntypes > 0 ? ntypes : 1];
    for (uint32_t t = 0; t < ntypes; t++) {
      Napi::Value type = types.Get(t);
      type_table[t] = type.IsString() ? FindOrAllocate(type.As<Napi::String>()) : nullptr;
    }
    messages[i].name = KeepString(name);
    messages[i].signature = KeepString(full);
    messages[i].types = type_table;
  }
  *out = messages;
  *count = static_cast<int>(n);
  return true;
}

Napi::Value DefineInterfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsArray(), "defineInterfaces(specs[])", env.Undefined());
  Napi::Array specs = info[0].As<Napi::Array>();
  for (uint32_t i = 0; i < specs.Length(); i++) {
    Napi::Object spec = specs.Get(i).As<Napi::Object>();
    std::string name = spec.Get("name").As<Napi::String>();
    wl_interface* iface = FindOrAllocate(name);
    if (iface->version != 0) continue;  // already defined: tables are immutable
    iface->version = spec.Get("version").As<Napi::Number>().Int32Value();
    FillMessages(env, spec.Get("requests").As<Napi::Array>(), &iface->methods, &iface->method_count);
    FillMessages(env, spec.Get("events").As<Napi::Array>(), &iface->events, &iface->event_count);
  }
  for (auto& [name, iface] : interfaces) {
    if (iface->version == 0) {
      Napi::TypeError::New(env, "interface " + name + " is referenced but not defined")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }
  return env.Undefined();
}

}  // namespace

const wl_interface* FindInterface(const std::string& name) {
  auto it = interfaces.find(name);
  return it == interfaces.end() || it->second->version == 0 ? nullptr : it->second;
}

void InitInterfaces(Napi::Env env, Napi::Object exports) {
  exports.Set("defineInterfaces", Napi::Function::New(env, DefineInterfaces));
}
