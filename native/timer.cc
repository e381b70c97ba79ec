// One-shot timers on the libuv loop, for frame pacing (the headless backend's vblank). A
// setTimeout per frame goes through Node's JS timer lists and a Timeout object each time; a
// uv_timer reused for the life of the output is one libuv call to arm and one call into JS.
#include <uv.h>

#include "addon.h"

namespace {

struct Timer {
  uv_timer_t handle;
  Napi::FunctionReference callback;
};

HandleTable<Timer*> timers;
napi_async_context async_context = nullptr;

void OnTimer(uv_timer_t* handle) {
  auto* timer = static_cast<Timer*>(handle->data);
  Napi::Env env = timer->callback.Env();
  // as for setTimeout: promises and nextTicks the callback queues run after it
  WithJsScope(env, async_context, [&] {
    timer->callback.Call({});
    if (env.IsExceptionPending()) LogPendingException(env, "a timer");
  });
}

Timer* TimerArg(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber()) return nullptr;
  Timer** timer = timers.Get(info[0].As<Napi::Number>().Uint32Value());
  return timer ? *timer : nullptr;
}

// timerCreate(callback) → token: a stopped timer that calls `callback` when it fires
Napi::Value TimerCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsFunction(), "timerCreate(callback)", env.Undefined());
  if (!async_context) napi_async_init(env, nullptr, Napi::String::New(env, "wayboard:timer"), &async_context);
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  auto* timer = new Timer();
  uv_timer_init(loop, &timer->handle);
  uv_unref(reinterpret_cast<uv_handle_t*>(&timer->handle));  // a frame timer keeps no one alive
  timer->handle.data = timer;
  timer->callback = Napi::Persistent(info[0].As<Napi::Function>());
  return Napi::Number::New(env, timers.Add(timer));
}

// timerStart(token, delayMs): fire once after the delay (whole milliseconds, 0 = next turn)
Napi::Value TimerStart(const Napi::CallbackInfo& info) {
  Timer* timer = TimerArg(info);
  REQUIRE(info.Env(), timer && info[1].IsNumber(), "timerStart(timer, delayMs)", info.Env().Undefined());
  double delay = info[1].As<Napi::Number>().DoubleValue();
  uv_timer_start(&timer->handle, OnTimer, delay > 0 ? static_cast<uint64_t>(delay) : 0, 0);
  return info.Env().Undefined();
}

Napi::Value TimerStop(const Napi::CallbackInfo& info) {
  if (Timer* timer = TimerArg(info)) uv_timer_stop(&timer->handle);
  return info.Env().Undefined();
}

Napi::Value TimerDestroy(const Napi::CallbackInfo& info) {
  Timer* timer = TimerArg(info);
  if (!timer) return info.Env().Undefined();
  timers.Remove(info[0].As<Napi::Number>().Uint32Value());
  uv_timer_stop(&timer->handle);
  timer->callback.Reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&timer->handle),
           [](uv_handle_t* handle) { delete static_cast<Timer*>(handle->data); });
  return info.Env().Undefined();
}

}  // namespace

void InitTimer(Napi::Env env, Napi::Object exports) {
  exports.Set("timerCreate", Napi::Function::New(env, TimerCreate));
  exports.Set("timerStart", Napi::Function::New(env, TimerStart));
  exports.Set("timerStop", Napi::Function::New(env, TimerStop));
  exports.Set("timerDestroy", Napi::Function::New(env, TimerDestroy));
}
