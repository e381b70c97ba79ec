// libhunspell, thinly: open a dictionary (.aff + .dic), check a word, ask for spelling
// suggestions, add a word for this run. Words cross as UTF-8; the keyboard only opens
// dictionaries whose .aff says SET UTF-8 (all of Debian's hunspell-* packages today).
// Which dictionary, and what to do with its answers, is decided in TypeScript.
#include <hunspell.h>

#include <string>

#include "addon.h"

namespace {

HandleTable<Hunhandle*> dictionaries;

Hunhandle* DictionaryArg(const Napi::Value& value) {
  Hunhandle** h = value.IsNumber() ? dictionaries.Get(value.As<Napi::Number>().Uint32Value()) : nullptr;
  return h ? *h : nullptr;
}

// hunspellOpen(affPath, dicPath) → handle; hunspell itself does not report a missing file
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info.Length() == 2 && info[0].IsString() && info[1].IsString(),
          "hunspellOpen(affPath, dicPath)", env.Undefined());
  std::string aff = info[0].As<Napi::String>().Utf8Value();
  std::string dic = info[1].As<Napi::String>().Utf8Value();
  Hunhandle* h = Hunspell_create(aff.c_str(), dic.c_str());
  REQUIRE(env, h != nullptr, "hunspell could not open " + dic, env.Undefined());
  return Napi::Number::New(env, dictionaries.Add(h));
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Hunhandle* h = DictionaryArg(info[0]);
  if (h) {
    Hunspell_destroy(h);
    dictionaries.Remove(info[0].As<Napi::Number>().Uint32Value());
  }
  return env.Undefined();
}

// hunspellSpell(handle, word) → whether the dictionary accepts it
Napi::Value Spell(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Hunhandle* h = DictionaryArg(info[0]);
  REQUIRE(env, h && info[1].IsString(), "hunspellSpell(handle, word)", env.Undefined());
  std::string word = info[1].As<Napi::String>().Utf8Value();
  return Napi::Boolean::New(env, Hunspell_spell(h, word.c_str()) != 0);
}

// hunspellSuggest(handle, word) → corrections, best first as hunspell orders them
Napi::Value Suggest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Hunhandle* h = DictionaryArg(info[0]);
  REQUIRE(env, h && info[1].IsString(), "hunspellSuggest(handle, word)", env.Undefined());
  std::string word = info[1].As<Napi::String>().Utf8Value();
  char** list = nullptr;
  int n = Hunspell_suggest(h, &list, word.c_str());
  Napi::Array result = Napi::Array::New(env, n > 0 ? n : 0);
  for (int i = 0; i < n; i++) result.Set(i, Napi::String::New(env, list[i]));
  if (list) Hunspell_free_list(h, &list, n);
  return result;
}

// hunspellAdd(handle, word): accepted by spell() from now on (this process only)
Napi::Value Add(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Hunhandle* h = DictionaryArg(info[0]);
  REQUIRE(env, h && info[1].IsString(), "hunspellAdd(handle, word)", env.Undefined());
  std::string word = info[1].As<Napi::String>().Utf8Value();
  Hunspell_add(h, word.c_str());
  return env.Undefined();
}

}  // namespace

void InitHunspell(Napi::Env env, Napi::Object exports) {
  exports.Set("hunspellOpen", Napi::Function::New(env, Open));
  exports.Set("hunspellClose", Napi::Function::New(env, Close));
  exports.Set("hunspellSpell", Napi::Function::New(env, Spell));
  exports.Set("hunspellSuggest", Napi::Function::New(env, Suggest));
  exports.Set("hunspellAdd", Napi::Function::New(env, Add));
}
