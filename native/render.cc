// The pixman renderer: textures (a copy of each surface's pixels, so client buffers can be
// released at commit, as GL renderers do after upload), framebuffers, damage-limited
// composition and pixel read-back for screenshots.
#include <pixman.h>
#include <wayland-server-protocol.h>  // WL_SHM_FORMAT_*

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <vector>

#include "addon.h"

// transform.cc: a layer with a matrix (rotated outputs, buffer transforms)
void DrawMatrixLayer(pixman_image_t* target, const RenderLayer& layer, pixman_region32_t* damage);

namespace {

HandleTable<pixman_image_t*> images;  // textures and framebuffers alike

pixman_image_t* ImageArg(const Napi::Value& value) {
  if (!value.IsNumber()) return nullptr;
  pixman_image_t** image = images.Get(value.As<Napi::Number>().Uint32Value());
  return image ? *image : nullptr;
}

}  // namespace

void LayerClip(const RenderLayer& layer, int x, int y, int width, int height, pixman_region32_t* damage,
               pixman_region32_t* clip) {
  pixman_region32_init_rect(clip, x, y, width, height);
  pixman_region32_intersect(clip, clip, damage);
  if (layer.has_clip)
    pixman_region32_intersect_rect(clip, clip, layer.clip[0], layer.clip[1], layer.clip[2], layer.clip[3]);
}

// A solid alpha mask for a layer drawn translucent, or null when it is opaque.
pixman_image_t* OpacityMask(double opacity) {
  if (opacity >= 1.0) return nullptr;
  pixman_color_t color = {0, 0, 0, static_cast<uint16_t>(std::lround(std::fmax(0, opacity) * 0xffff))};
  return pixman_image_create_solid_fill(&color);
}

namespace {

// Reads x,y,w,h quadruples into a pixman region; null/undefined means "everything".
bool RegionFromRects(const Napi::Value& value, pixman_region32_t* region, int width, int height) {
  if (!value.IsTypedArray()) {
    pixman_region32_init_rect(region, 0, 0, width, height);
    return false;
  }
  auto rects = value.As<Napi::Int32Array>();
  pixman_region32_init(region);
  for (size_t i = 0; i + 3 < rects.ElementLength(); i += 4)
    pixman_region32_union_rect(region, region, rects[i], rects[i + 1], rects[i + 2], rects[i + 3]);
  pixman_region32_intersect_rect(region, region, 0, 0, width, height);
  return true;
}

Napi::Value TextureCreate(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), images.Add(nullptr));
}

Napi::Value TextureDestroy(const Napi::CallbackInfo& info) {
  uint32_t token = info[0].As<Napi::Number>().Uint32Value();
  if (pixman_image_t** image = images.Get(token)) {
    if (*image) pixman_image_unref(*image);
    images.Remove(token);
  }
  return info.Env().Undefined();
}

// (Re)allocates a texture's image when the size or format changed; returns true when new.
bool EnsureImage(pixman_image_t** slot, pixman_format_code_t format, int width, int height) {
  if (*slot && pixman_image_get_width(*slot) == width && pixman_image_get_height(*slot) == height &&
      pixman_image_get_format(*slot) == format)
    return false;
  if (*slot) pixman_image_unref(*slot);
  *slot = pixman_image_create_bits(format, width, height, nullptr, 0);
  return true;
}

Napi::Value SizeObject(Napi::Env env, pixman_image_t* image) {
  Napi::Object size = Napi::Object::New(env);
  size.Set("width", image ? pixman_image_get_width(image) : 0);
  size.Set("height", image ? pixman_image_get_height(image) : 0);
  return size;
}

// Copies row y's span [x1, x2) of a buffer into the texture, only where it differs, and widens
// `changed` (x1, y1, x2, y2) to cover what did. Toolkits damage a whole window to blink a
// cursor (Qt does); comparing first keeps the repaint to what really changed.
void CopyChangedSpan(uint8_t* texture_row, const uint8_t* buffer_row, int y, int x1, int x2, int changed[4]) {
  size_t bytes = static_cast<size_t>(x2 - x1) * 4;
  uint8_t* dst = texture_row + static_cast<size_t>(x1) * 4;
  const uint8_t* src = buffer_row + static_cast<size_t>(x1) * 4;
  if (memcmp(dst, src, bytes) == 0) return;
  int first = 0, last = x2 - x1 - 1;
  while (first < last && memcmp(dst + first * 4, src + first * 4, 4) == 0) first++;
  while (last > first && memcmp(dst + last * 4, src + last * 4, 4) == 0) last--;
  memcpy(dst + first * 4, src + first * 4, static_cast<size_t>(last - first + 1) * 4);
  changed[0] = std::min(changed[0], x1 + first), changed[2] = std::max(changed[2], x1 + last + 1);
  changed[1] = std::min(changed[1], y), changed[3] = std::max(changed[3], y + 1);
}

// textureUploadShm(texture, pool, offset, width, height, stride, format, damage, changed?):
// copies the damaged part of a buffer in an shm pool (shm.cc) into the texture. TypeScript
// checked the buffer against its pool (src/compositor/shm.ts); the bounds are checked again
// here, in 64 bits, so that no caller can make this read outside the mapping. With `changed`
// (an Int32Array of 4), only pixels that differ from the texture are copied and their bounding
// box (x, y, width, height; all zero when nothing changed) is written there. Returns 0 when
// copied, 1 when the pool broke (SIGBUS) while it was read, 2 when out of memory.
Napi::Value TextureUploadShm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  for (int i = 0; i < 7; i++)
    REQUIRE(env, info[i].IsNumber(), "textureUploadShm(texture, pool, offset, width, height, stride, format, damage)",
            env.Undefined());
  pixman_image_t** slot = images.Get(info[0].As<Napi::Number>().Uint32Value());
  uint32_t pool = info[1].As<Napi::Number>().Uint32Value();
  int64_t offset = info[2].As<Napi::Number>().Int64Value(), width = info[3].As<Napi::Number>().Int64Value();
  int64_t height = info[4].As<Napi::Number>().Int64Value(), stride = info[5].As<Napi::Number>().Int64Value();
  uint32_t shm_format = info[6].As<Napi::Number>().Uint32Value();
  size_t pool_size = 0;
  REQUIRE(env, slot && ShmPoolSize(pool, &pool_size), "textureUploadShm: no such texture or pool", env.Undefined());
  REQUIRE(env, shm_format == WL_SHM_FORMAT_ARGB8888 || shm_format == WL_SHM_FORMAT_XRGB8888,
          "textureUploadShm: unsupported format", env.Undefined());
  // int32 ranges first, so that the products below stay far from int64 overflow
  REQUIRE(env, offset >= 0 && offset <= INT32_MAX && width > 0 && width <= INT32_MAX && height > 0 &&
                   height <= INT32_MAX && stride <= INT32_MAX && stride % 4 == 0 && stride >= width * 4 &&
                   offset + stride * (height - 1) + width * 4 <= static_cast<int64_t>(pool_size),
          "textureUploadShm: buffer outside its pool", env.Undefined());
  bool diff = info[8].IsTypedArray() && info[8].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array &&
              info[8].As<Napi::Int32Array>().ElementLength() >= 4;
  pixman_format_code_t format = shm_format == WL_SHM_FORMAT_XRGB8888 ? PIXMAN_x8r8g8b8 : PIXMAN_a8r8g8b8;
  bool fresh = EnsureImage(slot, format, width, height);
  if (!*slot) return Napi::Number::New(env, 2);
  pixman_region32_t damage;
  RegionFromRects(fresh ? env.Null() : info[7], &damage, width, height);
  // Same pixel layout on both sides (pixman's a8r8g8b8 is premultiplied like wl_shm's
  // ARGB8888), so each damaged row is one memcpy; memcpy also copes with any offset alignment.
  auto* texture = reinterpret_cast<uint8_t*>(pixman_image_get_data(*slot));
  int64_t texture_stride = pixman_image_get_stride(*slot);
  int nrects = 0;
  pixman_box32_t* boxes = pixman_region32_rectangles(&damage, &nrects);
  const uint8_t* pixels = ShmBeginAccess(pool) + offset;
  int changed[4] = {INT32_MAX, INT32_MAX, 0, 0};  // x1, y1, x2, y2
  for (int r = 0; r < nrects; r++) {
    size_t row_bytes = static_cast<size_t>(boxes[r].x2 - boxes[r].x1) * 4;
    for (int64_t y = boxes[r].y1; y < boxes[r].y2; y++) {
      uint8_t* texture_row = texture + y * texture_stride;
      const uint8_t* buffer_row = pixels + y * stride;
      if (diff && !fresh)
        CopyChangedSpan(texture_row, buffer_row, static_cast<int>(y), boxes[r].x1, boxes[r].x2, changed);
      else
        memcpy(texture_row + boxes[r].x1 * 4, buffer_row + boxes[r].x1 * 4, row_bytes);
    }
  }
  bool broken = ShmEndAccess();
  if (diff) {
    int32_t* out = info[8].As<Napi::Int32Array>().Data();
    if (fresh) changed[0] = changed[1] = 0, changed[2] = static_cast<int>(width), changed[3] = static_cast<int>(height);
    bool any = changed[2] > changed[0] && changed[3] > changed[1];
    out[0] = any ? changed[0] : 0, out[1] = any ? changed[1] : 0;
    out[2] = any ? changed[2] - changed[0] : 0, out[3] = any ? changed[3] - changed[1] : 0;
  }
  pixman_region32_fini(&damage);
  return Napi::Number::New(env, broken ? 1 : 0);
}

// Straight RGBA (canvas) to premultiplied a8r8g8b8 (pixman), inside the damage only.
Napi::Value TextureUploadRGBA(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pixman_image_t** slot = images.Get(info[0].As<Napi::Number>().Uint32Value());
  int width = info[1].As<Napi::Number>().Int32Value(), height = info[2].As<Napi::Number>().Int32Value();
  REQUIRE(env, slot && width > 0 && height > 0 && info[3].IsTypedArray(), "textureUploadRGBA: bad arguments",
          env.Undefined());
  auto rgba = info[3].As<Napi::Uint8Array>();
  REQUIRE(env, rgba.ByteLength() >= static_cast<size_t>(width) * height * 4, "textureUploadRGBA: short pixels",
          env.Undefined());
  bool fresh = EnsureImage(slot, PIXMAN_a8r8g8b8, width, height);
  pixman_region32_t damage;
  RegionFromRects(fresh ? env.Null() : info[4], &damage, width, height);
  auto* dst = pixman_image_get_data(*slot);
  int dst_stride = pixman_image_get_stride(*slot) / 4;
  int nrects = 0;
  pixman_box32_t* boxes = pixman_region32_rectangles(&damage, &nrects);
  for (int r = 0; r < nrects; r++) {
    for (int y = boxes[r].y1; y < boxes[r].y2; y++) {
      const uint8_t* src = rgba.Data() + (static_cast<size_t>(y) * width + boxes[r].x1) * 4;
      uint32_t* out = dst + static_cast<size_t>(y) * dst_stride + boxes[r].x1;
      for (int x = boxes[r].x1; x < boxes[r].x2; x++, src += 4) {
        uint32_t a = src[3];
        uint32_t red = (src[0] * a + 127) / 255, green = (src[1] * a + 127) / 255, blue = (src[2] * a + 127) / 255;
        *out++ = (a << 24) | (red << 16) | (green << 8) | blue;
      }
    }
  }
  pixman_region32_fini(&damage);
  return env.Undefined();
}

Napi::Value TextureSize(const Napi::CallbackInfo& info) {
  return SizeObject(info.Env(), ImageArg(info[0]));
}

Napi::Value FramebufferCreate(const Napi::CallbackInfo& info) {
  int width = info[0].As<Napi::Number>().Int32Value(), height = info[1].As<Napi::Number>().Int32Value();
  pixman_image_t* image = pixman_image_create_bits(PIXMAN_x8r8g8b8, width, height, nullptr, 0);
  REQUIRE(info.Env(), image, "framebufferCreate: out of memory", info.Env().Undefined());
  return Napi::Number::New(info.Env(), images.Add(image));
}

void DrawLayer(pixman_image_t* target, const RenderLayer& layer, pixman_region32_t* damage) {
  pixman_image_t* texture = layer.texture;
  if (layer.has_matrix) return DrawMatrixLayer(target, layer, damage);
  int tex_w = pixman_image_get_width(texture), tex_h = pixman_image_get_height(texture);
  int src_x = 0, src_y = 0, src_w = tex_w, src_h = tex_h;
  if (layer.has_src) src_x = layer.src[0], src_y = layer.src[1], src_w = layer.src[2], src_h = layer.src[3];
  int x = layer.x, y = layer.y;
  int width = layer.width >= 0 ? layer.width : src_w, height = layer.height >= 0 ? layer.height : src_h;
  if (width <= 0 || height <= 0 || src_w <= 0 || src_h <= 0) return;

  pixman_region32_t clip;
  LayerClip(layer, x, y, width, height, damage, &clip);
  if (pixman_region32_not_empty(&clip)) {
    pixman_image_set_clip_region32(target, &clip);
    bool scaled = width != src_w || height != src_h;
    if (scaled) {
      pixman_transform_t transform;
      pixman_transform_init_scale(&transform, pixman_double_to_fixed(double(src_w) / width),
                                  pixman_double_to_fixed(double(src_h) / height));
      pixman_image_set_transform(texture, &transform);
      pixman_image_set_filter(texture, PIXMAN_FILTER_BILINEAR, nullptr, 0);
    }
    pixman_image_t* mask = OpacityMask(layer.opacity);
    bool opaque = PIXMAN_FORMAT_A(pixman_image_get_format(texture)) == 0 && !mask;
    // with a scale transform, the source origin is in destination space
    int sx = scaled ? std::lround(src_x * double(width) / src_w) : src_x;
    int sy = scaled ? std::lround(src_y * double(height) / src_h) : src_y;
    pixman_image_composite32(opaque ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, texture, mask, target, sx, sy, 0, 0, x,
                             y, width, height);
    if (mask) pixman_image_unref(mask);
    if (scaled) {
      pixman_image_set_transform(texture, nullptr);
      pixman_image_set_filter(texture, PIXMAN_FILTER_NEAREST, nullptr, 0);
    }
    pixman_image_set_clip_region32(target, nullptr);
  }
  pixman_region32_fini(&clip);
}

// A number from the packed layer list as an int32 pixel coordinate (clamped: the values come
// from TypeScript, but a client chose most of them).
int Pixel(double v) { return std::isfinite(v) ? static_cast<int>(std::fmax(INT32_MIN, std::fmin(INT32_MAX, v))) : 0; }

// Unpacks layer `i` of the Float64Array TypeScript packs (src/compositor/render-list.ts):
// one fixed-size record per layer, so a frame costs no property lookups.
bool UnpackLayer(const double* v, RenderLayer* layer) {
  if (!(v[0] >= 1 && v[0] <= UINT32_MAX)) return false;  // also NaN: casting it would be undefined
  pixman_image_t** image = images.Get(static_cast<uint32_t>(v[0]));
  if (!image || !*image) return false;
  layer->texture = *image;
  layer->x = Pixel(v[1]), layer->y = Pixel(v[2]);
  layer->width = std::isnan(v[3]) ? -1 : Pixel(v[3]);
  layer->height = std::isnan(v[4]) ? -1 : Pixel(v[4]);
  int flags = v[5] >= 0 && v[5] <= 7 ? static_cast<int>(v[5]) : 0;
  layer->opacity = std::isfinite(v[6]) ? v[6] : 1.0;
  layer->has_src = flags & 1, layer->has_clip = flags & 2, layer->has_matrix = flags & 4;
  for (int k = 0; k < 4; k++) layer->src[k] = Pixel(v[7 + k]), layer->clip[k] = Pixel(v[11 + k]);
  for (int k = 0; k < 6; k++) layer->matrix[k] = v[15 + k];
  return true;
}

// render(framebuffer, background, layers: Float64Array, damage: Int32Array)
Napi::Value Render(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pixman_image_t* target = ImageArg(info[0]);
  REQUIRE(env, target && info[1].IsNumber() && info[2].IsTypedArray(),
          "render(framebuffer, background, layers: Float64Array, damage)", env.Undefined());
  REQUIRE(env, info[2].As<Napi::TypedArray>().TypedArrayType() == napi_float64_array,
          "render: layers must be a Float64Array", env.Undefined());
  uint32_t background = info[1].As<Napi::Number>().Uint32Value();
  pixman_region32_t damage;
  RegionFromRects(info[3], &damage, pixman_image_get_width(target), pixman_image_get_height(target));
  pixman_color_t color = {static_cast<uint16_t>(((background >> 16) & 0xff) * 0x101),
                          static_cast<uint16_t>(((background >> 8) & 0xff) * 0x101),
                          static_cast<uint16_t>((background & 0xff) * 0x101), 0xffff};
  pixman_image_t* fill = pixman_image_create_solid_fill(&color);
  pixman_image_set_clip_region32(target, &damage);
  pixman_image_composite32(PIXMAN_OP_SRC, fill, nullptr, target, 0, 0, 0, 0, 0, 0,
                           pixman_image_get_width(target), pixman_image_get_height(target));
  pixman_image_set_clip_region32(target, nullptr);
  pixman_image_unref(fill);
  auto packed = info[2].As<Napi::Float64Array>();
  size_t count = packed.ElementLength() / kLayerStride;
  RenderLayer layer;
  for (size_t i = 0; i < count; i++)
    if (UnpackLayer(packed.Data() + i * kLayerStride, &layer)) DrawLayer(target, layer, &damage);
  pixman_region32_fini(&damage);
  return env.Undefined();
}

Napi::Value ReadPixels(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pixman_image_t* image = ImageArg(info[0]);
  REQUIRE(env, image, "readPixels: no such framebuffer", env.Undefined());
  int x0 = info[1].As<Napi::Number>().Int32Value(), y0 = info[2].As<Napi::Number>().Int32Value();
  int width = info[3].As<Napi::Number>().Int32Value(), height = info[4].As<Napi::Number>().Int32Value();
  REQUIRE(env, x0 >= 0 && y0 >= 0 && width > 0 && height > 0 && x0 + width <= pixman_image_get_width(image) &&
                   y0 + height <= pixman_image_get_height(image),
          "readPixels: area outside the framebuffer", env.Undefined());
  auto out = Napi::Buffer<uint8_t>::New(env, static_cast<size_t>(width) * height * 4);
  const uint32_t* bits = pixman_image_get_data(image);
  int stride = pixman_image_get_stride(image) / 4;
  uint8_t* p = out.Data();
  for (int y = y0; y < y0 + height; y++) {
    for (int x = x0; x < x0 + width; x++) {
      uint32_t v = bits[static_cast<size_t>(y) * stride + x];
      *p++ = (v >> 16) & 0xff;
      *p++ = (v >> 8) & 0xff;
      *p++ = v & 0xff;
      *p++ = 0xff;
    }
  }
  return out;
}

}  // namespace

size_t ImageCount() { return images.All().size(); }

pixman_image_t* ImageFromToken(uint32_t token) {
  pixman_image_t** image = images.Get(token);
  return image ? *image : nullptr;
}

void InitRender(Napi::Env env, Napi::Object exports) {
  exports.Set("textureCreate", Napi::Function::New(env, TextureCreate));
  exports.Set("textureDestroy", Napi::Function::New(env, TextureDestroy));
  exports.Set("textureUploadShm", Napi::Function::New(env, TextureUploadShm));
  exports.Set("textureUploadRGBA", Napi::Function::New(env, TextureUploadRGBA));
  exports.Set("textureSize", Napi::Function::New(env, TextureSize));
  exports.Set("framebufferCreate", Napi::Function::New(env, FramebufferCreate));
  exports.Set("render", Napi::Function::New(env, Render));
  exports.Set("readPixels", Napi::Function::New(env, ReadPixels));
}
