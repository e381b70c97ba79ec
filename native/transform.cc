// Layers drawn through a matrix (render.cc hands them here): rotations and flips of rotated
// outputs and of buffer transforms, with any scale. The matrix comes from TypeScript, which
// knows what it means; here it is only "framebuffer pixel → texture pixel" for pixman.
#include <pixman.h>

#include <cmath>

#include "addon.h"

namespace {

bool IsUnit(double v) { return v == 0 || v == 1 || v == -1; }

}  // namespace

// Draws `texture` into the layer's box (x, y, width, height; framebuffer coordinates) inside
// `damage` and the layer's clip, sampling texture pixel M·(X + ½, Y + ½) for framebuffer
// pixel (X, Y): passing the destination origin as the source origin makes pixman apply the
// matrix to framebuffer coordinates.
void DrawMatrixLayer(pixman_image_t* target, const RenderLayer& layer, pixman_region32_t* damage) {
  pixman_image_t* texture = layer.texture;
  const double* m = layer.matrix;
  for (int i = 0; i < 6; i++)
    if (!std::isfinite(m[i]) || std::fabs(m[i]) > 1e6) return;
  int x = layer.x, y = layer.y, width = layer.width, height = layer.height;
  if (width <= 0 || height <= 0) return;

  pixman_region32_t clip;
  LayerClip(layer, x, y, width, height, damage, &clip);
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
    pixman_image_t* mask = OpacityMask(layer.opacity);
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
