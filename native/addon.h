// Shared declarations of the wayboard addon. The addon marshals between libwayland-server,
// pixman, xkbcommon and JavaScript; it holds no protocol logic.
#pragma once
#include "napi-util.h"

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

// Each part registers its functions on the module's exports.
void InitWayland(Napi::Env env, Napi::Object exports);
void InitRender(Napi::Env env, Napi::Object exports);
void InitShm(Napi::Env env, Napi::Object exports);
void InitXkb(Napi::Env env, Napi::Object exports);
void InitPixelMemory(Napi::Env env, Napi::Object exports);
void InitWaylandClient(Napi::Env env, Napi::Object exports);
