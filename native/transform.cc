// Layers drawn through a matrix (render.cc hands them here): rotations and flips of rotated
// outputs and of buffer transforms, with any scale. The matrix comes from TypeScript, which
// knows what it means; here it is only "framebuffer pixel → texture pixel" for pixman.
#include <pixman.h>

#include <cmath>

#include "addon.h"

namespace {

int IntProp(Napi::Object object, const char* name, int fallback) {
  Napi::Value value = object.Get(name);
  return value.IsNumber() ? value.As<Napi::Number>().Int32Value() : fallback;
}

bool IsUnit(double v) { return v == 0 || v == 1 || v == -1; }

}  // namespace

// Draws `texture` into the layer's box (x, y, width, height; framebuffer coordinates) inside
// `damage` and the layer's clip, sampling texture pixel M·(X + ½, Y + ½) for framebuffer
// pixel (X, Y): passing the destination origin as the source origin makes pixman apply the
// matrix to framebuffer coordinates.
void DrawMatrixLayer(pixman_image_t* target, pixman_image_t* texture, Napi::Object layer,
                     pixman_region32_t* damage) {
  Napi::Array values = layer.Get("matrix").As<Napi::Array>();
  if (values.Length() != 6) return;
  double m[6];
  for (uint32_t i = 0; i < 6; i++) {
    Napi::Value v = values.Get(i);
    if (!v.IsNumber()) return;
    m[i] = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(m[i]) || std::fabs(m[i]) > 1e6) return;
  }
  int x = IntProp(layer, "x", 0), y = IntProp(layer, "y", 0);
  int width = IntProp(layer, "width", 0), height = IntProp(layer, "height", 0);
  if (width <= 0 || height <= 0) return;

  pixman_region32_t clip;
  pixman_region32_init_rect(&clip, x, y, width, height);
  pixman_region32_intersect(&clip, &clip, damage);
  if (layer.Get("clip").IsObject()) {
    Napi::Object c = layer.Get("clip").As<Napi::Object>();
    pixman_region32_intersect_rect(&clip, &clip, IntProp(c, "x", 0), IntProp(c, "y", 0), IntProp(c, "width", 0),
                                   IntProp(c, "height", 0));
  }
  if (pixman_region32_not_empty(&clip)) {
    pixman_transform_t transform;
    pixman_transform_init_identity(&transform);
    for (int i = 0; i < 6; i++) transform.matrix[i / 3][i % 3] = pixman_double_to_fixed(m[i]);
    // quarter turns and flips at whole-pixel offsets hit texel centres: nearest is exact
    bool exact = IsUnit(m[0]) && IsUnit(m[1]) && IsUnit(m[3]) && IsUnit(m[4]) && m[2] == std::floor(m[2]) &&
                 m[5] == std::floor(m[5]);
    pixman_image_set_transform(texture, &transform);
    pixman_image_set_filter(texture, exact ? PIXMAN_FILTER_NEAREST : PIXMAN_FILTER_BILINEAR, nullptr, 0);
    pixman_image_set_clip_region32(target, &clip);
    double opacity = layer.Get("opacity").IsNumber() ? layer.Get("opacity").As<Napi::Number>().DoubleValue() : 1.0;
    pixman_image_t* mask = nullptr;
    if (opacity < 1.0) {
      pixman_color_t color = {0, 0, 0, static_cast<uint16_t>(std::lround(opacity * 0xffff))};
      mask = pixman_image_create_solid_fill(&color);
    }
    // filtered edges sample outside the texture (transparent): blend them, never copy
    bool opaque = PIXMAN_FORMAT_A(pixman_image_get_format(texture)) == 0 && !mask && exact;
    pixman_image_composite32(opaque ? PIXMAN_OP_SRC : PIXMAN_OP_OVER, texture, mask, target, x, y, 0, 0, x, y,
                             width, height);
    if (mask) pixman_image_unref(mask);
    pixman_image_set_clip_region32(target, nullptr);
    pixman_image_set_transform(texture, nullptr);
    pixman_image_set_filter(texture, PIXMAN_FILTER_NEAREST, nullptr, 0);
  }
  pixman_region32_fini(&clip);
}
