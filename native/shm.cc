// The memory behind wl_shm (src/compositor/shm.ts holds the protocol): client pools mapped
// read-only, grown on request, unmapped when TypeScript releases them, and read only inside
// an "access" during which a SIGBUS (the client truncated its file under us) breaks that
// pool instead of killing the compositor.
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <climits>

#include "addon.h"

namespace {

struct Pool {
  uint8_t* data;
  size_t size;
  bool broken;  // a read hit SIGBUS: the mapping now holds zero pages
};
HandleTable<Pool> pools;

// The pool being read right now, for the SIGBUS handler. The process is single-threaded and
// accesses never nest, so one record is enough; volatile because a signal handler reads it.
Pool* volatile current_access = nullptr;
struct sigaction previous_sigbus;

void OnSigbus(int number, siginfo_t* info, void* context) {
  Pool* pool = current_access;
  auto* address = static_cast<uint8_t*>(info->si_addr);
  if (pool && address >= pool->data && address < pool->data + pool->size) {
    // The client's file is shorter than its pool. Zero pages mapped over the whole pool let
    // the faulting read, and the rest of the copy, complete; the caller then sees `broken`.
    // (mmap is a plain system call on Linux, safe in a signal handler.)
    if (mmap(pool->data, pool->size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
        MAP_FAILED) {
      pool->broken = true;
      return;
    }
  }
  // Not a pool read: the fault belongs to whoever handled SIGBUS before us.
  bool chained = previous_sigbus.sa_handler != SIG_DFL && previous_sigbus.sa_handler != SIG_IGN;
  if (chained && (previous_sigbus.sa_flags & SA_SIGINFO)) {
    previous_sigbus.sa_sigaction(number, info, context);
  } else if (chained) {
    previous_sigbus.sa_handler(number);
  } else {
    // the default action (a core dump) as soon as this handler returns
    struct sigaction default_action = {};
    default_action.sa_handler = SIG_DFL;
    sigaction(SIGBUS, &default_action, nullptr);
    raise(SIGBUS);
  }
}

void InstallSigbusHandlerOnce() {
  static bool installed = false;
  if (installed) return;
  struct sigaction action = {};
  action.sa_sigaction = OnSigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, &previous_sigbus);
  installed = true;
}

Pool* PoolArg(const Napi::Value& value) {
  return value.IsNumber() ? pools.Get(value.As<Napi::Number>().Uint32Value()) : nullptr;
}

// shmPoolCreate(fd, size): maps `size` bytes of the client's file; the fd is always closed
// (the mapping keeps the file). Returns the pool's token, or 0 when the fd cannot be mapped.
Napi::Value ShmPoolCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsNumber() && info[1].IsNumber(), "shmPoolCreate(fd, size)", env.Undefined());
  int fd = info[0].As<Napi::Number>().Int32Value();
  int64_t size = info[1].As<Napi::Number>().Int64Value();
  if (size <= 0 || size > INT32_MAX) {
    close(fd);
    Napi::TypeError::New(env, "shmPoolCreate: size out of range").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  void* data = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (data == MAP_FAILED) return Napi::Number::New(env, 0);
  InstallSigbusHandlerOnce();
  return Napi::Number::New(env, pools.Add({static_cast<uint8_t*>(data), static_cast<size_t>(size), false}));
}

// shmPoolResize(pool, size): grows the mapping (it may move); false when mremap fails.
Napi::Value ShmPoolResize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Pool* pool = PoolArg(info[0]);
  int64_t size = info[1].IsNumber() ? info[1].As<Napi::Number>().Int64Value() : -1;
  REQUIRE(env, pool && size >= static_cast<int64_t>(pool->size) && size <= INT32_MAX,
          "shmPoolResize: no such pool, or not a larger size", env.Undefined());
  void* data = mremap(pool->data, pool->size, size, MREMAP_MAYMOVE);
  if (data == MAP_FAILED) return Napi::Boolean::New(env, false);
  pool->data = static_cast<uint8_t*>(data);
  pool->size = size;
  return Napi::Boolean::New(env, true);
}

// shmPoolRelease(pool): unmaps it; TypeScript calls it once the pool and its buffers are gone.
Napi::Value ShmPoolRelease(const Napi::CallbackInfo& info) {
  if (Pool* pool = PoolArg(info[0])) {
    munmap(pool->data, pool->size);
    pools.Remove(info[0].As<Napi::Number>().Uint32Value());
  }
  return info.Env().Undefined();
}

}  // namespace

bool ShmPoolSize(uint32_t token, size_t* size) {
  Pool* pool = pools.Get(token);
  if (pool) *size = pool->size;
  return pool != nullptr;
}

const uint8_t* ShmBeginAccess(uint32_t token) {
  Pool* pool = pools.Get(token);
  if (!pool) return nullptr;
  current_access = pool;
  return pool->data;
}

bool ShmEndAccess() {
  Pool* pool = current_access;
  current_access = nullptr;
  return pool && pool->broken;
}

void InitShm(Napi::Env env, Napi::Object exports) {
  exports.Set("shmPoolCreate", Napi::Function::New(env, ShmPoolCreate));
  exports.Set("shmPoolResize", Napi::Function::New(env, ShmPoolResize));
  exports.Set("shmPoolRelease", Napi::Function::New(env, ShmPoolRelease));
}
