// KMS for the DRM backend: thin wrappers that open a card (an fd libseat gave), describe its
// connectors, encoders and CRTCs, allocate two dumb buffers per output, modeset, page-flip
// (atomic where the driver has it, legacy otherwise), and poll the card's fd in the libuv loop
// for flip events. The dumb buffers' pixels are written by the main addon, which maps them
// from the card's fd at the offsets reported here. Which connector gets which CRTC and mode,
// and when to flip, is decided in TypeScript (src/backends/drm/).
#include <fcntl.h>
#include <unistd.h>
#include <uv.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "napi-util.h"

namespace {

struct Card {
  int fd;
  bool atomic;
  uv_poll_t poll;
  Napi::FunctionReference on_events;
  std::vector<Napi::Object>* batch;  // flip events of one drmHandleEvent
};

struct DumbBuffer {
  uint32_t handle = 0, fb = 0, pitch = 0;
  uint64_t size = 0, map_offset = 0;  // mmap(card fd, map_offset) shows its pixels
};

// Atomic property ids, looked up once per output rather than once per flip.
enum Prop { CONN_CRTC_ID, CRTC_MODE_ID, CRTC_ACTIVE, FB_ID, CRTC_ID, SRC_X, SRC_Y, SRC_W, SRC_H, CRTC_X, CRTC_Y,
            CRTC_W, CRTC_H, PROP_COUNT };
const char* const kPropNames[PROP_COUNT] = {"CRTC_ID", "MODE_ID", "ACTIVE", "FB_ID", "CRTC_ID", "SRC_X", "SRC_Y",
                                            "SRC_W", "SRC_H", "CRTC_X", "CRTC_Y", "CRTC_W", "CRTC_H"};

struct KmsOutput {
  uint32_t card, connector, crtc, plane = 0;
  drmModeModeInfo mode;
  uint32_t mode_blob = 0;
  uint32_t props[PROP_COUNT] = {};
  DumbBuffer buffers[2];
};

HandleTable<Card*> cards;
HandleTable<KmsOutput> outputs;

Napi::Value Fail(Napi::Env env, const std::string& what) {
  Napi::Error::New(env, what + ": " + strerror(errno)).ThrowAsJavaScriptException();
  return env.Undefined();
}

uint32_t U32(const Napi::CallbackInfo& info, int i) { return info[i].As<Napi::Number>().Uint32Value(); }

// The id of a DRM object's property by name, 0 when it has none.
uint32_t PropertyId(int fd, uint32_t object, uint32_t type, const char* name, uint64_t* value = nullptr) {
  drmModeObjectProperties* props = drmModeObjectGetProperties(fd, object, type);
  uint32_t id = 0;
  for (uint32_t i = 0; props && i < props->count_props && !id; i++) {
    drmModePropertyRes* prop = drmModeGetProperty(fd, props->props[i]);
    if (prop && strcmp(prop->name, name) == 0) {
      id = prop->prop_id;
      if (value) *value = props->prop_values[i];
    }
    drmModeFreeProperty(prop);
  }
  drmModeFreeObjectProperties(props);
  return id;
}

// The name of an enum property's current value ("panel orientation": "Left Side Up").
Napi::Value EnumProperty(Napi::Env env, int fd, uint32_t object, uint32_t type, const char* name) {
  uint64_t value = 0;
  uint32_t id = PropertyId(fd, object, type, name, &value);
  if (!id) return env.Null();
  drmModePropertyRes* prop = drmModeGetProperty(fd, id);
  Napi::Value result = env.Null();
  for (int i = 0; prop && i < prop->count_enums; i++)
    if (prop->enums[i].value == value) result = Napi::String::New(env, prop->enums[i].name);
  drmModeFreeProperty(prop);
  return result;
}

// `data` is the token of the output that flipped (every flip and commit passes its own), so
// old kernels that report no CRTC still say whose flip it was.
void OnFlip(int, unsigned int sequence, unsigned int sec, unsigned int usec, unsigned int, void* data) {
  uint32_t token = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(data));
  KmsOutput* out = outputs.Get(token);
  Card** card = out ? cards.Get(out->card) : nullptr;
  if (!card || !(*card)->batch) return;  // gone meanwhile
  Napi::Env env = (*card)->on_events.Env();
  Napi::Object event = Napi::Object::New(env);
  event.Set("type", "flip");
  event.Set("output", token);
  event.Set("sequence", sequence);
  event.Set("sec", sec);
  event.Set("usec", usec);
  (*card)->batch->push_back(event);
}

void OnCardReadable(uv_poll_t* poll, int status, int) {
  Card* card = static_cast<Card*>(poll->data);
  Napi::Env env = card->on_events.Env();
  Napi::HandleScope scope(env);
  std::vector<Napi::Object> batch;
  card->batch = &batch;
  drmEventContext context = {};
  context.version = 3;
  context.page_flip_handler2 = OnFlip;
  if (status == 0) drmHandleEvent(card->fd, &context);
  card->batch = nullptr;
  Napi::Array events = Napi::Array::New(env, batch.size());
  for (size_t i = 0; i < batch.size(); i++) events.Set(i, batch[i]);
  card->on_events.MakeCallback(env.Global(), {events});
  if (env.IsExceptionPending()) LogPendingException(env, "a DRM event handler");
}

// drmOpen(fd, atomic, onEvents) → {card, atomic}: takes the card's fd (from libseat),
// asks for universal planes and, when `atomic`, atomic modesetting; polls for flip events.
Napi::Value DrmOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsNumber() && info[2].IsFunction(), "drmOpen(fd, atomic, onEvents)", env.Undefined());
  int fd = info[0].As<Napi::Number>().Int32Value();
  uint64_t dumb = 0;
  if (drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &dumb) != 0 || !dumb) {
    errno = ENOTSUP;
    return Fail(env, "no dumb buffers on this card");
  }
  drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
  bool atomic = info[1].ToBoolean() && drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 1) == 0;
  Card* card = new Card{fd, atomic, {}, Napi::Persistent(info[2].As<Napi::Function>()), nullptr};
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &card->poll, fd);
  card->poll.data = card;
  uv_poll_start(&card->poll, UV_READABLE, OnCardReadable);
  Napi::Object result = Napi::Object::New(env);
  result.Set("card", cards.Add(card));
  result.Set("atomic", atomic);
  return result;
}

Napi::Object ModeObject(Napi::Env env, const drmModeModeInfo& m) {
  Napi::Object mode = Napi::Object::New(env);
  mode.Set("width", m.hdisplay);
  mode.Set("height", m.vdisplay);
  mode.Set("clock", m.clock);
  mode.Set("htotal", m.htotal);
  mode.Set("vtotal", m.vtotal);
  mode.Set("vscan", m.vscan);
  mode.Set("flags", m.flags);
  mode.Set("preferred", (m.type & DRM_MODE_TYPE_PREFERRED) != 0);
  mode.Set("name", m.name);
  return mode;
}

// drmResources(card) → {connectors, encoders, crtcs}: everything mode and CRTC choice needs.
Napi::Value DrmResources(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Card** card = cards.Get(U32(info, 0));
  REQUIRE(env, card, "drmResources: no such card", env.Undefined());
  int fd = (*card)->fd;
  drmModeRes* res = drmModeGetResources(fd);
  if (!res) return Fail(env, "drmModeGetResources");
  Napi::Array connectors = Napi::Array::New(env), encoders = Napi::Array::New(env), crtcs = Napi::Array::New(env);
  for (int i = 0; i < res->count_crtcs; i++) crtcs.Set(i, res->crtcs[i]);
  for (int i = 0; i < res->count_encoders; i++) {
    drmModeEncoder* e = drmModeGetEncoder(fd, res->encoders[i]);
    if (!e) continue;
    Napi::Object encoder = Napi::Object::New(env);
    encoder.Set("id", e->encoder_id);
    encoder.Set("possibleCrtcs", e->possible_crtcs);  // bit i: res->crtcs[i]
    encoders.Set(encoders.Length(), encoder);
    drmModeFreeEncoder(e);
  }
  for (int i = 0; i < res->count_connectors; i++) {
    drmModeConnector* c = drmModeGetConnector(fd, res->connectors[i]);
    if (!c) continue;
    Napi::Object connector = Napi::Object::New(env);
    connector.Set("id", c->connector_id);
    const char* type = drmModeGetConnectorTypeName(c->connector_type);
    connector.Set("type", type ? type : "Unknown");
    connector.Set("typeId", c->connector_type_id);
    connector.Set("connected", c->connection == DRM_MODE_CONNECTED);
    connector.Set("mmWidth", c->mmWidth);
    connector.Set("mmHeight", c->mmHeight);
    Napi::Array modes = Napi::Array::New(env, c->count_modes);
    for (int m = 0; m < c->count_modes; m++) modes.Set(m, ModeObject(env, c->modes[m]));
    connector.Set("modes", modes);
    Napi::Array possible = Napi::Array::New(env, c->count_encoders);
    for (int e = 0; e < c->count_encoders; e++) possible.Set(e, c->encoders[e]);
    connector.Set("encoders", possible);
    connector.Set("panelOrientation", EnumProperty(env, fd, c->connector_id, DRM_MODE_OBJECT_CONNECTOR,
                                                   "panel orientation"));
    connectors.Set(connectors.Length(), connector);
    drmModeFreeConnector(c);
  }
  drmModeFreeResources(res);
  Napi::Object result = Napi::Object::New(env);
  result.Set("connectors", connectors);
  result.Set("encoders", encoders);
  result.Set("crtcs", crtcs);
  return result;
}

bool CreateDumb(int fd, uint32_t width, uint32_t height, DumbBuffer* b) {
  drm_mode_create_dumb create = {};
  create.width = width, create.height = height, create.bpp = 32;
  if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) != 0) return false;
  b->handle = create.handle, b->pitch = create.pitch, b->size = create.size;
  uint32_t handles[4] = {b->handle}, pitches[4] = {b->pitch}, offsets[4] = {0};
  if (drmModeAddFB2(fd, width, height, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &b->fb, 0) != 0) return false;
  // the buffer's first frame copies the whole framebuffer in (src/backends/drm/damage.ts),
  // so what it holds before does not matter
  drm_mode_map_dumb map = {};
  map.handle = b->handle;
  if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map) != 0) return false;
  b->map_offset = map.offset;
  return true;
}

void DestroyDumb(int fd, DumbBuffer* b) {
  if (b->fb) drmModeRmFB(fd, b->fb);
  if (b->handle) {
    drm_mode_destroy_dumb destroy = {};
    destroy.handle = b->handle;
    drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
  }
  *b = DumbBuffer();
}

// The primary plane that can show on the CRTC at `crtc_index` (atomic needs it).
uint32_t PrimaryPlane(int fd, int crtc_index) {
  drmModePlaneRes* planes = drmModeGetPlaneResources(fd);
  uint32_t found = 0;
  for (uint32_t i = 0; planes && i < planes->count_planes && !found; i++) {
    drmModePlane* plane = drmModeGetPlane(fd, planes->planes[i]);
    uint64_t type = 0;
    if (plane && (plane->possible_crtcs & (1u << crtc_index)) &&
        PropertyId(fd, plane->plane_id, DRM_MODE_OBJECT_PLANE, "type", &type) && type == DRM_PLANE_TYPE_PRIMARY)
      found = plane->plane_id;
    drmModeFreePlane(plane);
  }
  drmModeFreePlaneResources(planes);
  return found;
}

// drmOutputCreate(card, connector, crtc, crtcIndex, modeIndex) → {output, buffers}: two dumb
// buffers of the connector's mode `modeIndex` (as drmResources listed them), each reported as
// {offset, size, pitch}: where to mmap it from the card's fd, its bytes and its row stride.
Napi::Value DrmOutputCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Card** card = cards.Get(U32(info, 0));
  REQUIRE(env, card, "drmOutputCreate: no such card", env.Undefined());
  int fd = (*card)->fd;
  KmsOutput out = {U32(info, 0), U32(info, 1), U32(info, 2)};
  drmModeConnector* c = drmModeGetConnector(fd, out.connector);
  uint32_t mode_index = U32(info, 4);
  if (!c || mode_index >= static_cast<uint32_t>(c->count_modes)) {
    drmModeFreeConnector(c);
    errno = EINVAL;
    return Fail(env, "drmOutputCreate: no such connector or mode");
  }
  out.mode = c->modes[mode_index];
  drmModeFreeConnector(c);
  if ((*card)->atomic) {
    out.plane = PrimaryPlane(fd, U32(info, 3));
    if (!out.plane || drmModeCreatePropertyBlob(fd, &out.mode, sizeof out.mode, &out.mode_blob) != 0)
      return Fail(env, "drmOutputCreate: no primary plane or mode blob");
    for (int p = 0; p < PROP_COUNT; p++) {
      uint32_t object = p == CONN_CRTC_ID ? out.connector : p <= CRTC_ACTIVE ? out.crtc : out.plane;
      uint32_t type = p == CONN_CRTC_ID ? DRM_MODE_OBJECT_CONNECTOR
                      : p <= CRTC_ACTIVE ? DRM_MODE_OBJECT_CRTC
                                         : DRM_MODE_OBJECT_PLANE;
      out.props[p] = PropertyId(fd, object, type, kPropNames[p]);
    }
  }
  for (DumbBuffer& b : out.buffers) {
    if (!CreateDumb(fd, out.mode.hdisplay, out.mode.vdisplay, &b)) {
      for (DumbBuffer& d : out.buffers) DestroyDumb(fd, &d);
      return Fail(env, "cannot allocate a dumb buffer");
    }
  }
  Napi::Array buffers = Napi::Array::New(env, 2);
  for (uint32_t i = 0; i < 2; i++) {
    Napi::Object buffer = Napi::Object::New(env);
    buffer.Set("offset", static_cast<double>(out.buffers[i].map_offset));
    buffer.Set("size", static_cast<double>(out.buffers[i].size));
    buffer.Set("pitch", out.buffers[i].pitch);
    buffers.Set(i, buffer);
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("output", outputs.Add(out));
  result.Set("buffers", buffers);
  return result;
}

// Atomic: the properties that show buffer `fb` on the output's CRTC (and, with `modeset`,
// the connector routing and mode).
int AtomicCommit(int fd, KmsOutput* out, uint32_t fb, bool modeset, void* token) {
  drmModeAtomicReq* req = drmModeAtomicAlloc();
  auto add = [&](Prop p, uint64_t value) {
    uint32_t object = p == CONN_CRTC_ID ? out->connector : p <= CRTC_ACTIVE ? out->crtc : out->plane;
    if (out->props[p]) drmModeAtomicAddProperty(req, object, out->props[p], value);
  };
  if (modeset) {
    add(CONN_CRTC_ID, out->crtc);
    add(CRTC_MODE_ID, out->mode_blob);
    add(CRTC_ACTIVE, 1);
  }
  uint64_t w = out->mode.hdisplay, h = out->mode.vdisplay;
  add(FB_ID, fb);
  add(CRTC_ID, out->crtc);
  add(SRC_X, 0);
  add(SRC_Y, 0);
  add(SRC_W, w << 16);
  add(SRC_H, h << 16);
  add(CRTC_X, 0);
  add(CRTC_Y, 0);
  add(CRTC_W, w);
  add(CRTC_H, h);
  uint32_t flags = DRM_MODE_PAGE_FLIP_EVENT | (modeset ? DRM_MODE_ATOMIC_ALLOW_MODESET : DRM_MODE_ATOMIC_NONBLOCK);
  int ret = drmModeAtomicCommit(fd, req, flags, token);
  drmModeAtomicFree(req);
  return ret;
}

// drmPresent(output, buffer, modeset) → 0 or -errno: show dumb buffer 0|1. With `modeset`
// (first frame, after a VT switch back) the mode is set too; a flip event follows either way.
Napi::Value DrmPresent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  KmsOutput* out = outputs.Get(U32(info, 0));
  uint32_t index = U32(info, 1);
  REQUIRE(env, out && index < 2, "drmPresent(output, buffer, modeset)", env.Undefined());
  Card* card = *cards.Get(out->card);
  uint32_t fb = out->buffers[index].fb;
  bool modeset = info[2].ToBoolean();
  void* token = reinterpret_cast<void*>(static_cast<uintptr_t>(U32(info, 0)));
  int ret;
  if (card->atomic) {
    ret = AtomicCommit(card->fd, out, fb, modeset, token);
  } else if (modeset) {
    // legacy: the modeset shows the buffer at once; ask for an event on the next vblank
    ret = drmModeSetCrtc(card->fd, out->crtc, fb, 0, 0, &out->connector, 1, &out->mode);
    if (ret == 0) ret = drmModePageFlip(card->fd, out->crtc, fb, DRM_MODE_PAGE_FLIP_EVENT, token);
  } else {
    ret = drmModePageFlip(card->fd, out->crtc, fb, DRM_MODE_PAGE_FLIP_EVENT, token);
  }
  return Napi::Number::New(env, ret == 0 ? 0 : -errno);
}

// drmOutputDestroy(output, disable): frees the buffers; with `disable` the CRTC goes dark.
Napi::Value DrmOutputDestroy(const Napi::CallbackInfo& info) {
  KmsOutput* out = outputs.Get(U32(info, 0));
  if (!out) return info.Env().Undefined();
  Card* card = *cards.Get(out->card);
  if (info[1].ToBoolean()) {
    if (card->atomic) {
      drmModeAtomicReq* req = drmModeAtomicAlloc();
      drmModeAtomicAddProperty(req, out->crtc, out->props[CRTC_ACTIVE], 0);
      drmModeAtomicCommit(card->fd, req, DRM_MODE_ATOMIC_ALLOW_MODESET, nullptr);
      drmModeAtomicFree(req);
    } else {
      drmModeSetCrtc(card->fd, out->crtc, 0, 0, 0, nullptr, 0, nullptr);
    }
  }
  for (DumbBuffer& b : out->buffers) DestroyDumb(card->fd, &b);
  if (out->mode_blob) drmModeDestroyPropertyBlob(card->fd, out->mode_blob);
  outputs.Remove(U32(info, 0));
  return info.Env().Undefined();
}

// drmClose(card): stops polling; the fd stays libseat's to close.
Napi::Value DrmClose(const Napi::CallbackInfo& info) {
  uint32_t token = U32(info, 0);
  Card** card = cards.Get(token);
  if (!card) return info.Env().Undefined();
  Card* c = *card;
  cards.Remove(token);
  uv_poll_stop(&c->poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&c->poll), [](uv_handle_t* handle) {
    Card* closing = static_cast<Card*>(handle->data);
    closing->on_events.Reset();
    delete closing;
  });
  return info.Env().Undefined();
}

}  // namespace

void InitDrm(Napi::Env env, Napi::Object exports) {
  exports.Set("drmOpen", Napi::Function::New(env, DrmOpen));
  exports.Set("drmResources", Napi::Function::New(env, DrmResources));
  exports.Set("drmOutputCreate", Napi::Function::New(env, DrmOutputCreate));
  exports.Set("drmPresent", Napi::Function::New(env, DrmPresent));
  exports.Set("drmOutputDestroy", Napi::Function::New(env, DrmOutputDestroy));
  exports.Set("drmClose", Napi::Function::New(env, DrmClose));
}
