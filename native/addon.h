// Shared declarations of the wayboard addon. The addon marshals between libwayland-server,
// pixman, xkbcommon and JavaScript; it holds no protocol logic.
#pragma once
#include <napi.h>

#include <cstdio>
#include <string>
#include <unordered_map>

struct wl_resource;
struct wl_display;

// The resource behind a token, or nullptr when it is gone (wayland.cc).
wl_resource* ResourceFromToken(uint32_t token);
wl_display* TheDisplay();

// Live counts for leak checks (`ctl state` handles): resources.cc and render.cc.
size_t ResourceCount();
size_t ImageCount();

// shm.cc: client memory pools. A pool's bytes are read only between ShmBeginAccess (null
// when there is no such pool) and ShmEndAccess, which says whether the pool broke meanwhile
// (SIGBUS: the client truncated its file; the bytes read as zeros).
bool ShmPoolSize(uint32_t pool, size_t* size);
const uint8_t* ShmBeginAccess(uint32_t pool);
bool ShmEndAccess();

// render.cc: the pixman image behind a texture or framebuffer token (null when none).
typedef union pixman_image pixman_image_t;
pixman_image_t* ImageFromToken(uint32_t token);
// One layer to composite, unpacked from the list TypeScript packs (render.cc): a texture
// drawn into the box x,y,width,height (framebuffer pixels; width/height -1 = the source's
// size), optionally cropped (src), clipped (clip), translucent, or sampled through `matrix`
// (framebuffer pixel → texture pixel: a·x + b·y + c, d·x + e·y + f).
struct RenderLayer {
  pixman_image_t* texture;
  int x, y, width, height;
  bool has_src, has_clip, has_matrix;
  int src[4], clip[4];
  double opacity;
  double matrix[6];
};
// the packed record: texture, x, y, width, height, flags (1 src, 2 clip, 4 matrix), opacity,
// src[4], clip[4], matrix[6]
constexpr size_t kLayerStride = 21;
pixman_image_t* OpacityMask(double opacity);
typedef struct pixman_region32 pixman_region32_t;
// render.cc: initialises `clip` to the part of `damage` a layer draws into: its box x, y,
// width, height (framebuffer pixels), within the layer's clip when it has one
void LayerClip(const RenderLayer& layer, int x, int y, int width, int height, pixman_region32_t* damage,
               pixman_region32_t* clip);

// pixel-memory.cc: copy x,y,w,h rectangles (clipped to the image) of an x8r8g8b8 image into
// XRGB8888 memory of the image's size (a wl_shm buffer, a dumb buffer).
void CopyFramebufferRects(pixman_image_t* image, uint8_t* target, int target_stride,
                          const int32_t* rects, size_t count);

// Each part registers its functions on the module's exports.
void InitWayland(Napi::Env env, Napi::Object exports);
void InitRender(Napi::Env env, Napi::Object exports);
void InitShm(Napi::Env env, Napi::Object exports);
void InitXkb(Napi::Env env, Napi::Object exports);
void InitPixelMemory(Napi::Env env, Napi::Object exports);
void InitWaylandClient(Napi::Env env, Napi::Object exports);

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
