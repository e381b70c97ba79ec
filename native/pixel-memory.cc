// Pixel memory wayboard shares with someone else: a memfd that a parent compositor maps as a
// wl_shm pool (the nested backend), or a card's dumb buffer mapped from the card's fd (the DRM
// backend, whose own addon allocates it), and the one copy a frame costs there: the damaged
// rectangles of a framebuffer into that memory.
#include <pixman.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "addon.h"

namespace {

struct Memory {
  uint8_t* bytes;
  size_t size;
};
HandleTable<Memory> memories;

// Copies x,y,w,h rectangles (clipped to the image) of an x8r8g8b8 image into XRGB8888 memory
// of the image's size.
void CopyFramebufferRects(pixman_image_t* image, uint8_t* target, int target_stride,
                          const int32_t* rects, size_t count) {
  const int width = pixman_image_get_width(image), height = pixman_image_get_height(image);
  const int source_stride = pixman_image_get_stride(image);
  const auto* source = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image));
  for (size_t r = 0; r < count; r++) {
    int x1 = std::max(0, rects[r * 4]), y1 = std::max(0, rects[r * 4 + 1]);
    int x2 = std::min(width, rects[r * 4] + rects[r * 4 + 2]);
    int y2 = std::min(height, rects[r * 4 + 1] + rects[r * 4 + 3]);
    if (x2 <= x1 || y2 <= y1) continue;
    size_t bytes = static_cast<size_t>(x2 - x1) * 4;
    for (int y = y1; y < y2; y++)
      memcpy(target + static_cast<size_t>(y) * target_stride + x1 * 4,
             source + static_cast<size_t>(y) * source_stride + x1 * 4, bytes);
  }
}

// memoryCreate(size) → {memory, fd}: a sealed-size memfd mapped read-write; the fd is the
// caller's to pass on (wl_shm.create_pool) and close.
Napi::Value MemoryCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double requested = info[0].As<Napi::Number>().DoubleValue();
  REQUIRE(env, requested > 0 && requested <= (1u << 30), "memoryCreate: size out of range", env.Undefined());
  size_t size = static_cast<size_t>(requested);
  int fd = memfd_create("wayboard-shm", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd >= 0 && ftruncate(fd, size) == 0) {
    // the parent may rely on the size staying: no shrinking, no growing
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
    void* bytes = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (bytes != MAP_FAILED) {
      Napi::Object result = Napi::Object::New(env);
      result.Set("memory", memories.Add({static_cast<uint8_t*>(bytes), size}));
      result.Set("fd", fd);
      return result;
    }
  }
  std::string why = strerror(errno);
  if (fd >= 0) close(fd);
  Napi::Error::New(env, "cannot create shared memory: " + why).ThrowAsJavaScriptException();
  return env.Undefined();
}

// memoryMap(fd, offset, size) → memory: `size` bytes of `fd` from `offset` mapped
// read-write and shared (a dumb buffer through its card). The fd stays the caller's.
Napi::Value MemoryMap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsNumber() && info[1].IsNumber() && info[2].IsNumber(), "memoryMap(fd, offset, size)",
          env.Undefined());
  int fd = info[0].As<Napi::Number>().Int32Value();
  int64_t offset = info[1].As<Napi::Number>().Int64Value();
  double size = info[2].As<Napi::Number>().DoubleValue();
  REQUIRE(env, offset >= 0 && size > 0 && size <= (1u << 30), "memoryMap: offset or size out of range",
          env.Undefined());
  void* bytes = mmap(nullptr, static_cast<size_t>(size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
  if (bytes == MAP_FAILED) {
    Napi::Error::New(env, std::string("cannot map the memory: ") + strerror(errno)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Number::New(env, memories.Add({static_cast<uint8_t*>(bytes), static_cast<size_t>(size)}));
}

Napi::Value MemoryDestroy(const Napi::CallbackInfo& info) {
  uint32_t token = info[0].As<Napi::Number>().Uint32Value();
  if (Memory* memory = memories.Get(token)) {
    munmap(memory->bytes, memory->size);
    memories.Remove(token);
  }
  return info.Env().Undefined();
}

// framebufferCopyRects(framebuffer, memory, offset, stride, rects): rows of each x,y,w,h
// rectangle, clipped to the framebuffer, copied into an XRGB8888 image of the framebuffer's
// size at `offset` in the memory.
Napi::Value FramebufferCopyRects(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  pixman_image_t* image = ImageFromToken(info[0].As<Napi::Number>().Uint32Value());
  REQUIRE(env, image, "framebufferCopyRects: no such framebuffer", env.Undefined());
  Memory* memory = memories.Get(info[1].As<Napi::Number>().Uint32Value());
  REQUIRE(env, memory, "framebufferCopyRects: no such memory", env.Undefined());
  size_t offset = static_cast<size_t>(info[2].As<Napi::Number>().Int64Value());
  int stride = info[3].As<Napi::Number>().Int32Value();
  REQUIRE(env, info[4].IsTypedArray(), "framebufferCopyRects: rects must be an Int32Array", env.Undefined());
  auto rects = info[4].As<Napi::Int32Array>();
  int height = pixman_image_get_height(image);
  REQUIRE(env, stride >= pixman_image_get_width(image) * 4 &&
                   offset + static_cast<size_t>(stride) * height <= memory->size,
          "framebufferCopyRects: the image does not fit the memory", env.Undefined());
  CopyFramebufferRects(image, memory->bytes + offset, stride, rects.Data(), rects.ElementLength() / 4);
  return env.Undefined();
}

}  // namespace

void InitPixelMemory(Napi::Env env, Napi::Object exports) {
  exports.Set("memoryCreate", Napi::Function::New(env, MemoryCreate));
  exports.Set("memoryMap", Napi::Function::New(env, MemoryMap));
  exports.Set("memoryDestroy", Napi::Function::New(env, MemoryDestroy));
  exports.Set("framebufferCopyRects", Napi::Function::New(env, FramebufferCopyRects));
}
