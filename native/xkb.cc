// xkbcommon: keymaps by RMLVO names, the keymap text in a sealed memfd for wl_keyboard,
// key state and modifiers, keysym names and UTF-8, and the per-key level table the
// on-screen keyboard builds its letter rows from.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xkbcommon/xkbcommon.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "addon.h"

namespace {

xkb_context* context = nullptr;

struct Keymap {
  xkb_keymap* keymap;
  int fd;  // sealed memfd with the text; shared read-only by every client
  size_t size;
};
HandleTable<Keymap> keymaps;
HandleTable<xkb_state*> states;

Keymap* KeymapArg(const Napi::Value& value) {
  return value.IsNumber() ? keymaps.Get(value.As<Napi::Number>().Uint32Value()) : nullptr;
}
xkb_state* StateArg(const Napi::Value& value) {
  xkb_state** state = value.IsNumber() ? states.Get(value.As<Napi::Number>().Uint32Value()) : nullptr;
  return state ? *state : nullptr;
}

std::string StringArg(const Napi::Value& value) {
  return value.IsString() ? value.As<Napi::String>().Utf8Value() : std::string();
}

int SealedMemfd(const char* text, size_t size) {
  int fd = memfd_create("wayboard-keymap", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  if (write(fd, text, size) != static_cast<ssize_t>(size)) {
    close(fd);
    return -1;
  }
  fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return fd;
}

Napi::Value KeymapNew(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!context) {
    context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
    // a bad layout name is reported once, by the caller, as one readable line
    if (!getenv("WAYBOARD_DEBUG")) xkb_context_set_log_level(context, XKB_LOG_LEVEL_CRITICAL);
  }
  std::string rules = StringArg(info[0]), model = StringArg(info[1]), layout = StringArg(info[2]),
              variant = StringArg(info[3]), options = StringArg(info[4]);
  xkb_rule_names names = {rules.empty() ? nullptr : rules.c_str(), model.empty() ? nullptr : model.c_str(),
                          layout.c_str(), variant.empty() ? nullptr : variant.c_str(),
                          options.empty() ? nullptr : options.c_str()};
  xkb_keymap* keymap = xkb_keymap_new_from_names(context, &names, XKB_KEYMAP_COMPILE_NO_FLAGS);
  if (!keymap) {
    Napi::Error::New(env, "unknown keyboard layout \"" + layout + "\"").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  char* text = xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1);
  size_t size = strlen(text) + 1;
  int fd = SealedMemfd(text, size);
  free(text);
  REQUIRE(env, fd >= 0, "keymapNew: cannot create memfd", env.Undefined());
  return Napi::Number::New(env, keymaps.Add({keymap, fd, size}));
}

Napi::Value KeymapFd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Keymap* keymap = KeymapArg(info[0]);
  REQUIRE(env, keymap, "keymapFd: no such keymap", env.Undefined());
  Napi::Object result = Napi::Object::New(env);
  result.Set("fd", keymap->fd);
  result.Set("size", static_cast<double>(keymap->size));
  return result;
}

Napi::Value KeymapLayoutCount(const Napi::CallbackInfo& info) {
  Keymap* keymap = KeymapArg(info[0]);
  REQUIRE(info.Env(), keymap, "no such keymap", info.Env().Undefined());
  return Napi::Number::New(info.Env(), xkb_keymap_num_layouts(keymap->keymap));
}

Napi::Value LayoutName(const Napi::CallbackInfo& info) {
  Keymap* keymap = KeymapArg(info[0]);
  REQUIRE(info.Env(), keymap, "no such keymap", info.Env().Undefined());
  const char* name = xkb_keymap_layout_get_name(keymap->keymap, info[1].As<Napi::Number>().Uint32Value());
  return Napi::String::New(info.Env(), name ? name : "");
}

Napi::Value KeymapKeys(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Keymap* keymap = KeymapArg(info[0]);
  REQUIRE(env, keymap, "keymapKeys: no such keymap", env.Undefined());
  xkb_layout_index_t layout = info[1].As<Napi::Number>().Uint32Value();
  Napi::Array keys = Napi::Array::New(env);
  uint32_t count = 0;
  for (xkb_keycode_t code = xkb_keymap_min_keycode(keymap->keymap); code <= xkb_keymap_max_keycode(keymap->keymap);
       code++) {
    xkb_level_index_t levels = xkb_keymap_num_levels_for_key(keymap->keymap, code, layout);
    if (levels == 0) continue;
    const char* name = xkb_keymap_key_get_name(keymap->keymap, code);
    Napi::Array syms = Napi::Array::New(env, levels);
    for (xkb_level_index_t level = 0; level < levels; level++) {
      const xkb_keysym_t* list = nullptr;
      int n = xkb_keymap_key_get_syms_by_level(keymap->keymap, code, layout, level, &list);
      syms.Set(level, Napi::Number::New(env, n > 0 ? list[0] : 0));
    }
    Napi::Object key = Napi::Object::New(env);
    key.Set("keycode", code - 8);  // evdev code, as wl_keyboard sends
    key.Set("name", name ? name : "");
    key.Set("levels", syms);
    keys.Set(count++, key);
  }
  return keys;
}

Napi::Value StateNew(const Napi::CallbackInfo& info) {
  Keymap* keymap = KeymapArg(info[0]);
  REQUIRE(info.Env(), keymap, "stateNew: no such keymap", info.Env().Undefined());
  return Napi::Number::New(info.Env(), states.Add(xkb_state_new(keymap->keymap)));
}

Napi::Value StateDestroy(const Napi::CallbackInfo& info) {
  uint32_t token = info[0].As<Napi::Number>().Uint32Value();
  if (xkb_state** state = states.Get(token)) {
    xkb_state_unref(*state);
    states.Remove(token);
  }
  return info.Env().Undefined();
}

Napi::Value Modifiers(Napi::Env env, xkb_state* state) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("depressed", xkb_state_serialize_mods(state, XKB_STATE_MODS_DEPRESSED));
  result.Set("latched", xkb_state_serialize_mods(state, XKB_STATE_MODS_LATCHED));
  result.Set("locked", xkb_state_serialize_mods(state, XKB_STATE_MODS_LOCKED));
  result.Set("group", xkb_state_serialize_layout(state, XKB_STATE_LAYOUT_EFFECTIVE));
  return result;
}

Napi::Value StateUpdateKey(const Napi::CallbackInfo& info) {
  xkb_state* state = StateArg(info[0]);
  REQUIRE(info.Env(), state, "stateUpdateKey: no such state", info.Env().Undefined());
  xkb_state_update_key(state, info[1].As<Napi::Number>().Uint32Value() + 8,
                       info[2].ToBoolean() ? XKB_KEY_DOWN : XKB_KEY_UP);
  return Modifiers(info.Env(), state);
}

Napi::Value StateSetLayout(const Napi::CallbackInfo& info) {
  xkb_state* state = StateArg(info[0]);
  REQUIRE(info.Env(), state, "stateSetLayout: no such state", info.Env().Undefined());
  xkb_state_update_mask(state, xkb_state_serialize_mods(state, XKB_STATE_MODS_DEPRESSED),
                        xkb_state_serialize_mods(state, XKB_STATE_MODS_LATCHED),
                        xkb_state_serialize_mods(state, XKB_STATE_MODS_LOCKED), 0, 0,
                        info[1].As<Napi::Number>().Uint32Value());
  return Modifiers(info.Env(), state);
}

Napi::Value KeysymFromName(const Napi::CallbackInfo& info) {
  std::string name = StringArg(info[0]);
  xkb_keysym_t sym = xkb_keysym_from_name(name.c_str(), XKB_KEYSYM_NO_FLAGS);
  if (sym == XKB_KEY_NoSymbol) sym = xkb_keysym_from_name(name.c_str(), XKB_KEYSYM_CASE_INSENSITIVE);
  return Napi::Number::New(info.Env(), sym);
}

Napi::Value KeysymName(const Napi::CallbackInfo& info) {
  char name[64];
  xkb_keysym_get_name(info[0].As<Napi::Number>().Uint32Value(), name, sizeof name);
  return Napi::String::New(info.Env(), name);
}

Napi::Value KeysymToUtf8(const Napi::CallbackInfo& info) {
  char text[16];
  int n = xkb_keysym_to_utf8(info[0].As<Napi::Number>().Uint32Value(), text, sizeof text);
  return Napi::String::New(info.Env(), n > 0 ? text : "");
}

Napi::Value Utf32ToKeysym(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), xkb_utf32_to_keysym(info[0].As<Napi::Number>().Uint32Value()));
}

}  // namespace

void InitXkb(Napi::Env env, Napi::Object exports) {
  exports.Set("keymapNew", Napi::Function::New(env, KeymapNew));
  exports.Set("keymapFd", Napi::Function::New(env, KeymapFd));
  exports.Set("keymapLayoutCount", Napi::Function::New(env, KeymapLayoutCount));
  exports.Set("keymapKeys", Napi::Function::New(env, KeymapKeys));
  exports.Set("layoutName", Napi::Function::New(env, LayoutName));
  exports.Set("stateNew", Napi::Function::New(env, StateNew));
  exports.Set("stateDestroy", Napi::Function::New(env, StateDestroy));
  exports.Set("stateUpdateKey", Napi::Function::New(env, StateUpdateKey));
  exports.Set("stateSetLayout", Napi::Function::New(env, StateSetLayout));
  exports.Set("keysymFromName", Napi::Function::New(env, KeysymFromName));
  exports.Set("keysymName", Napi::Function::New(env, KeysymName));
  exports.Set("keysymToUtf8", Napi::Function::New(env, KeysymToUtf8));
  exports.Set("utf32ToKeysym", Napi::Function::New(env, Utf32ToKeysym));
}
