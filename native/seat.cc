// The session side of the DRM backend, as thin wrappers: libseat (seatd, logind, or direct as
// root) opens the seat and its devices and says when the seat is taken away (VT switch) and
// given back; libinput, opening its devices through libseat, reads touch screens, pointers
// and keyboards; a udev monitor reports DRM hot-plug. Each fd is polled in the libuv loop and
// its events reach JS in one batch per wake-up. What the events mean is TypeScript's
// (src/backends/drm/).
#include <fcntl.h>
#include <libinput.h>
#include <libudev.h>
extern "C" {
#include <libseat.h>  // a C header without extern "C" of its own
}
#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "napi-util.h"

namespace {

// One polled fd and the JS function its events go to.
struct Source {
  uv_poll_t poll;
  Napi::FunctionReference on_events;
  void (*drain)(Napi::Env env, std::vector<Napi::Object>* out);
  bool active = false;
};

struct libseat* seat = nullptr;
struct udev* udev_context = nullptr;
struct libinput* input = nullptr;
struct udev_monitor* monitor = nullptr;
Source seat_source, input_source, monitor_source;
std::vector<std::string> seat_changes;  // "enable"/"disable", from libseat's listener
std::unordered_map<int, int> device_of_fd;  // libinput's fds → libseat device ids
uint32_t next_input_device = 1;

void OnReadable(uv_poll_t* poll, int status, int) {
  Source* source = static_cast<Source*>(poll->data);
  Napi::Env env = source->on_events.Env();
  Napi::HandleScope scope(env);
  std::vector<Napi::Object> batch;
  if (status == 0) source->drain(env, &batch);
  if (batch.empty()) return;
  Napi::Array events = Napi::Array::New(env, batch.size());
  for (size_t i = 0; i < batch.size(); i++) events.Set(i, batch[i]);
  source->on_events.MakeCallback(env.Global(), {events});
  if (env.IsExceptionPending()) LogPendingException(env, "a seat or input handler");
}

void StartSource(Napi::Env env, Source* source, int fd, Napi::Function callback,
                 void (*drain)(Napi::Env, std::vector<Napi::Object>*)) {
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  source->on_events = Napi::Persistent(callback);
  source->drain = drain;
  uv_poll_init(loop, &source->poll, fd);
  source->poll.data = source;
  uv_poll_start(&source->poll, UV_READABLE, OnReadable);
  source->active = true;
}

void StopSource(Source* source) {
  if (!source->active) return;
  source->active = false;
  uv_poll_stop(&source->poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&source->poll), nullptr);
  source->on_events.Reset();
}

Napi::Object Event(Napi::Env env, const char* type) {
  Napi::Object event = Napi::Object::New(env);
  event.Set("type", type);
  return event;
}

void OnEnableSeat(struct libseat*, void*) { seat_changes.push_back("enable"); }
void OnDisableSeat(struct libseat*, void*) { seat_changes.push_back("disable"); }

void DrainSeat(Napi::Env env, std::vector<Napi::Object>* out) {
  libseat_dispatch(seat, 0);
  for (const std::string& change : seat_changes) out->push_back(Event(env, change.c_str()));
  seat_changes.clear();
}

// seatOpen(onEvents) → seat name: opens the session's seat and waits until it is active;
// later disable/enable events (VT switches) go to onEvents.
Napi::Value SeatOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, !seat && info[0].IsFunction(), "seatOpen(onEvents), once", env.Undefined());
  // libseat's own log lines would precede wayboard's one-line error
  libseat_set_log_level(getenv("WAYBOARD_DEBUG") ? LIBSEAT_LOG_LEVEL_DEBUG : LIBSEAT_LOG_LEVEL_SILENT);
  static const libseat_seat_listener listener = {OnEnableSeat, OnDisableSeat};
  seat = libseat_open_seat(&listener, nullptr);
  if (!seat) {
    Napi::Error::New(env, strerror(errno)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  // devices open only on an active seat: wait (up to 5 s) for it, as wlroots does
  bool enabled = false;
  for (int i = 0; i < 50 && !enabled; i++) {
    for (const std::string& change : seat_changes) enabled = change == "enable";
    if (!enabled && libseat_dispatch(seat, 100) < 0) break;
  }
  seat_changes.clear();
  if (!enabled) {
    libseat_close_seat(seat);
    seat = nullptr;
    Napi::Error::New(env, "the seat was not given to this session within 5 s").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  StartSource(env, &seat_source, libseat_get_fd(seat), info[0].As<Napi::Function>(), DrainSeat);
  return Napi::String::New(env, libseat_seat_name(seat));
}

// seatOpenDevice(path) → {fd, device}: a DRM card or input node, opened by the seat.
Napi::Value SeatOpenDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, seat && info[0].IsString(), "seatOpenDevice(path) on an open seat", env.Undefined());
  int fd = -1;
  int device = libseat_open_device(seat, info[0].As<Napi::String>().Utf8Value().c_str(), &fd);
  if (device < 0) {
    Napi::Error::New(env, strerror(errno)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("fd", fd);
  result.Set("device", device);
  return result;
}

Napi::Value SeatCloseDevice(const Napi::CallbackInfo& info) {
  if (seat) libseat_close_device(seat, info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

// seatDisable(): acknowledges a "disable" event (the VT switch away may proceed).
Napi::Value SeatDisable(const Napi::CallbackInfo& info) {
  if (seat) libseat_disable_seat(seat);
  return info.Env().Undefined();
}

// seatSwitchSession(n): Ctrl+Alt+Fn asks for VT n.
Napi::Value SeatSwitchSession(const Napi::CallbackInfo& info) {
  if (seat) libseat_switch_session(seat, info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

int OpenRestricted(const char* path, int, void*) {
  int fd = -1;
  int device = libseat_open_device(seat, path, &fd);
  if (device < 0) return -errno;
  device_of_fd[fd] = device;
  return fd;
}

void CloseRestricted(int fd, void*) {
  auto it = device_of_fd.find(fd);
  if (it != device_of_fd.end()) {
    libseat_close_device(seat, it->second);
    device_of_fd.erase(it);
  }
  close(fd);
}

const libinput_interface input_interface = {OpenRestricted, CloseRestricted};

uint32_t DeviceToken(libinput_device* device) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(libinput_device_get_user_data(device)));
}

Napi::Object DeviceAdded(Napi::Env env, libinput_device* device) {
  libinput_device_set_user_data(device, reinterpret_cast<void*>(static_cast<uintptr_t>(next_input_device++)));
  Napi::Object event = Event(env, "device-added");
  event.Set("device", DeviceToken(device));
  event.Set("name", libinput_device_get_name(device));
  event.Set("sysname", libinput_device_get_sysname(device));
  event.Set("keyboard", libinput_device_has_capability(device, LIBINPUT_DEVICE_CAP_KEYBOARD) != 0);
  event.Set("pointer", libinput_device_has_capability(device, LIBINPUT_DEVICE_CAP_POINTER) != 0);
  event.Set("touch", libinput_device_has_capability(device, LIBINPUT_DEVICE_CAP_TOUCH) != 0);
  double width = 0, height = 0;
  if (libinput_device_get_size(device, &width, &height) == 0) {
    event.Set("widthMm", width);
    event.Set("heightMm", height);
  }
  // udev's WL_OUTPUT names the output a touch screen belongs to (as weston reads it)
  udev_device* udev_device = libinput_device_get_udev_device(device);
  const char* output = udev_device ? udev_device_get_property_value(udev_device, "WL_OUTPUT") : nullptr;
  if (output) event.Set("outputName", output);
  if (udev_device) udev_device_unref(udev_device);
  return event;
}

// One libinput event as plain data; positions of absolute devices as fractions 0..1.
void Translate(Napi::Env env, libinput_event* e, std::vector<Napi::Object>* out) {
  libinput_device* device = libinput_event_get_device(e);
  switch (libinput_event_get_type(e)) {
    case LIBINPUT_EVENT_DEVICE_ADDED:
      out->push_back(DeviceAdded(env, device));
      return;
    case LIBINPUT_EVENT_DEVICE_REMOVED: {
      Napi::Object event = Event(env, "device-removed");
      event.Set("device", DeviceToken(device));
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_KEYBOARD_KEY: {
      libinput_event_keyboard* k = libinput_event_get_keyboard_event(e);
      Napi::Object event = Event(env, "key");
      event.Set("code", libinput_event_keyboard_get_key(k));
      event.Set("pressed", libinput_event_keyboard_get_key_state(k) == LIBINPUT_KEY_STATE_PRESSED);
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_POINTER_MOTION: {
      libinput_event_pointer* p = libinput_event_get_pointer_event(e);
      Napi::Object event = Event(env, "motion");
      event.Set("dx", libinput_event_pointer_get_dx(p));
      event.Set("dy", libinput_event_pointer_get_dy(p));
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_POINTER_MOTION_ABSOLUTE: {
      libinput_event_pointer* p = libinput_event_get_pointer_event(e);
      Napi::Object event = Event(env, "motion-absolute");
      event.Set("device", DeviceToken(device));
      event.Set("x", libinput_event_pointer_get_absolute_x_transformed(p, 1));
      event.Set("y", libinput_event_pointer_get_absolute_y_transformed(p, 1));
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_POINTER_BUTTON: {
      libinput_event_pointer* p = libinput_event_get_pointer_event(e);
      Napi::Object event = Event(env, "button");
      event.Set("code", libinput_event_pointer_get_button(p));
      event.Set("pressed", libinput_event_pointer_get_button_state(p) == LIBINPUT_BUTTON_STATE_PRESSED);
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_TOUCH_DOWN:
    case LIBINPUT_EVENT_TOUCH_MOTION: {
      libinput_event_touch* t = libinput_event_get_touch_event(e);
      bool down = libinput_event_get_type(e) == LIBINPUT_EVENT_TOUCH_DOWN;
      Napi::Object event = Event(env, down ? "touch-down" : "touch-motion");
      event.Set("device", DeviceToken(device));
      event.Set("slot", libinput_event_touch_get_seat_slot(t));
      event.Set("x", libinput_event_touch_get_x_transformed(t, 1));
      event.Set("y", libinput_event_touch_get_y_transformed(t, 1));
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_TOUCH_UP: {
      Napi::Object event = Event(env, "touch-up");
      event.Set("slot", libinput_event_touch_get_seat_slot(libinput_event_get_touch_event(e)));
      out->push_back(event);
      return;
    }
    case LIBINPUT_EVENT_TOUCH_CANCEL:
      out->push_back(Event(env, "touch-cancel"));
      return;
    default:
      return;  // scroll, gestures, tablets, switches: not used by a kiosk yet
  }
}

void DrainInput(Napi::Env env, std::vector<Napi::Object>* out) {
  libinput_dispatch(input);
  while (libinput_event* e = libinput_get_event(input)) {
    Translate(env, e, out);
    libinput_event_destroy(e);
  }
}

// inputOpen(onEvents): libinput on the seat's devices (udev), opened through libseat.
Napi::Value InputOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, seat && !input && info[0].IsFunction(), "inputOpen(onEvents) on an open seat, once",
          env.Undefined());
  if (!udev_context) udev_context = udev_new();
  input = libinput_udev_create_context(&input_interface, nullptr, udev_context);
  if (!input || libinput_udev_assign_seat(input, libseat_seat_name(seat)) != 0) {
    if (input) libinput_unref(input);
    input = nullptr;
    Napi::Error::New(env, "libinput cannot read the seat's input devices").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  StartSource(env, &input_source, libinput_get_fd(input), info[0].As<Napi::Function>(), DrainInput);
  // the devices present now come as device-added events on the first dispatch
  return env.Undefined();
}

Napi::Value InputSuspend(const Napi::CallbackInfo& info) {
  if (input) libinput_suspend(input);
  return info.Env().Undefined();
}

Napi::Value InputResume(const Napi::CallbackInfo& info) {
  if (input) libinput_resume(input);
  return info.Env().Undefined();
}

void DrainMonitor(Napi::Env env, std::vector<Napi::Object>* out) {
  while (udev_device* device = udev_monitor_receive_device(monitor)) {
    Napi::Object event = Event(env, "udev");
    const char* action = udev_device_get_action(device);
    const char* hotplug = udev_device_get_property_value(device, "HOTPLUG");
    event.Set("action", action ? action : "");
    event.Set("sysname", udev_device_get_sysname(device));
    event.Set("hotplug", hotplug && strcmp(hotplug, "1") == 0);
    out->push_back(event);
    udev_device_unref(device);
  }
}

// hotplugMonitor(onEvents): DRM uevents (a connector plugged or unplugged: HOTPLUG=1).
Napi::Value HotplugMonitor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, !monitor && info[0].IsFunction(), "hotplugMonitor(onEvents), once", env.Undefined());
  if (!udev_context) udev_context = udev_new();
  monitor = udev_context ? udev_monitor_new_from_netlink(udev_context, "udev") : nullptr;
  if (!monitor || udev_monitor_filter_add_match_subsystem_devtype(monitor, "drm", nullptr) < 0 ||
      udev_monitor_enable_receiving(monitor) < 0) {
    Napi::Error::New(env, "cannot watch udev for DRM hot-plug").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  StartSource(env, &monitor_source, udev_monitor_get_fd(monitor), info[0].As<Napi::Function>(), DrainMonitor);
  return env.Undefined();
}

// seatClose(): input, hot-plug watch and the seat, in that order.
Napi::Value SeatClose(const Napi::CallbackInfo& info) {
  StopSource(&input_source);
  if (input) libinput_unref(input);  // closes its devices through CloseRestricted
  input = nullptr;
  StopSource(&monitor_source);
  if (monitor) udev_monitor_unref(monitor);
  monitor = nullptr;
  StopSource(&seat_source);
  if (seat) libseat_close_seat(seat);
  seat = nullptr;
  return info.Env().Undefined();
}

}  // namespace

void InitSeat(Napi::Env env, Napi::Object exports) {
  exports.Set("seatOpen", Napi::Function::New(env, SeatOpen));
  exports.Set("seatOpenDevice", Napi::Function::New(env, SeatOpenDevice));
  exports.Set("seatCloseDevice", Napi::Function::New(env, SeatCloseDevice));
  exports.Set("seatDisable", Napi::Function::New(env, SeatDisable));
  exports.Set("seatSwitchSession", Napi::Function::New(env, SeatSwitchSession));
  exports.Set("inputOpen", Napi::Function::New(env, InputOpen));
  exports.Set("inputSuspend", Napi::Function::New(env, InputSuspend));
  exports.Set("inputResume", Napi::Function::New(env, InputResume));
  exports.Set("hotplugMonitor", Napi::Function::New(env, HotplugMonitor));
  exports.Set("seatClose", Napi::Function::New(env, SeatClose));
}
