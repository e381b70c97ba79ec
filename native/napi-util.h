// What every part of both addons (wayboard.node, wayboard_drm.node) uses: token tables,
// argument checks, and calling into JS from libuv. Only inline code: the DRM addon links
// nothing of the main one.
#pragma once
#include <napi.h>

#include <cstdio>
#include <string>
#include <unordered_map>

// Logs and clears a pending JS exception with its stack ("wayboard: exception in WHERE: ..."):
// a callback's bug must never unwind into libwayland or libuv.
inline void LogPendingException(Napi::Env env, const char* where) {
  Napi::Error error = env.GetAndClearPendingException();
  Napi::Value stack = error.Value().IsObject() ? error.Value().Get("stack") : error.Value();
  std::string text = stack.IsString() ? stack.As<Napi::String>().Utf8Value() : error.Message();
  fprintf(stderr, "wayboard: exception in %s: %s\n", where, text.c_str());
}

// Runs work that calls into JS from a libuv callback: JS needs a handle scope, and a callback
// scope (for `context`) so promises and nextTicks queued by the callbacks run afterwards.
template <typename F>
void WithJsScope(Napi::Env env, napi_async_context context, F work) {
  Napi::HandleScope scope(env);
  Napi::CallbackScope callback_scope(env, context);
  work();
}

// Throws a JS TypeError when `cond` fails and returns `ret` from the calling function.
#define REQUIRE(env, cond, msg, ret)                          \
  do {                                                        \
    if (!(cond)) {                                            \
      Napi::TypeError::New(env, msg).ThrowAsJavaScriptException(); \
      return ret;                                             \
    }                                                         \
  } while (0)

// An integer handle table: JS sees small numbers, C keeps the objects.
template <typename T>
class HandleTable {
 public:
  uint32_t Add(T value) {
    uint32_t token = next_++;
    items_[token] = value;
    return token;
  }
  T* Get(uint32_t token) {
    auto it = items_.find(token);
    return it == items_.end() ? nullptr : &it->second;
  }
  void Remove(uint32_t token) { items_.erase(token); }
  std::unordered_map<uint32_t, T>& All() { return items_; }

 private:
  uint32_t next_ = 1;
  std::unordered_map<uint32_t, T> items_;
};
