// A plain Unix-socket client with SCM_RIGHTS, for test tools (the wire-level fuzzer) that
// speak the Wayland protocol themselves: Node's net module can neither send nor receive fds.
// Generic marshalling only; the caller frames the bytes. Nothing here touches the display.
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "addon.h"

namespace {

// libwayland's own limit of fds per sendmsg (MAX_FDS_OUT)
constexpr size_t kMaxFds = 28;

Napi::Value ThrowErrno(Napi::Env env, const std::string& what, int error) {
  Napi::Error e = Napi::Error::New(env, what + ": " + strerror(error));
  e.Set("errno", Napi::Number::New(env, error));
  e.ThrowAsJavaScriptException();
  return env.Undefined();
}

// unixConnect(path[, "seqpacket"]) -> non-blocking, close-on-exec socket fd (a stream by
// default; a seqpacket for wayboard's fds socket)
Napi::Value UnixConnect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsString(), "unixConnect(path)", env.Undefined());
  std::string path = info[0].As<Napi::String>();
  sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  REQUIRE(env, path.size() < sizeof address.sun_path, "unixConnect: path too long", env.Undefined());
  strcpy(address.sun_path, path.c_str());
  bool seqpacket = info[1].IsString() && info[1].As<Napi::String>().Utf8Value() == "seqpacket";
  int fd = socket(AF_UNIX, (seqpacket ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return ThrowErrno(env, "socket", errno);
  // connect blocking (a local listener answers at once), then switch to non-blocking I/O
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
    int error = errno;
    close(fd);
    return ThrowErrno(env, "connect " + path, error);
  }
  return Napi::Number::New(env, fd);
}

// unixSend(fd, bytes, fds) -> bytes written, or -errno (EAGAIN, EPIPE...). The fds go with
// the first byte written; the caller still owns (and closes) them.
Napi::Value UnixSend(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info.Length() >= 3 && info[0].IsNumber() && info[1].IsTypedArray() && info[2].IsArray(),
          "unixSend(fd, bytes, fds)", env.Undefined());
  int fd = info[0].As<Napi::Number>().Int32Value();
  Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
  Napi::Array fdArray = info[2].As<Napi::Array>();
  REQUIRE(env, fdArray.Length() <= kMaxFds, "unixSend: too many fds", env.Undefined());
  std::vector<int> fds;
  for (uint32_t i = 0; i < fdArray.Length(); i++) fds.push_back(fdArray.Get(i).As<Napi::Number>().Int32Value());

  iovec io = {bytes.Data(), bytes.ByteLength()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
  msghdr message = {};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  if (!fds.empty()) {
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    memcpy(CMSG_DATA(header), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t n;
  do n = sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  return Napi::Number::New(env, n < 0 ? -errno : static_cast<double>(n));
}

// unixRecv(fd, max) -> Buffer, null when nothing is there yet (EAGAIN); throws on EOF
// (message "EOF") or an error. Received fds are closed: the caller only wants the bytes.
Napi::Value UnixRecv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsNumber() && info[1].IsNumber(), "unixRecv(fd, max)", env.Undefined());
  int fd = info[0].As<Napi::Number>().Int32Value();
  size_t max = info[1].As<Napi::Number>().Uint32Value();
  REQUIRE(env, max > 0 && max <= (1u << 20), "unixRecv: max must be 1..1 MiB", env.Undefined());
  std::vector<uint8_t> data(max);
  iovec io = {data.data(), max};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)];
  msghdr message = {};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t n;
  do n = recvmsg(fd, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return env.Null();
  if (n < 0) return ThrowErrno(env, "recvmsg", errno);
  for (cmsghdr* h = CMSG_FIRSTHDR(&message); h; h = CMSG_NXTHDR(&message, h)) {
    if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; i++) {
      int received;
      memcpy(&received, CMSG_DATA(h) + i * sizeof(int), sizeof received);
      close(received);
    }
  }
  if (n == 0) {
    Napi::Error::New(env, "EOF").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Buffer<uint8_t>::Copy(env, data.data(), n);
}

// unixClose(fd): close any fd this module handed out (sockets, memfds)
Napi::Value UnixClose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsNumber(), "unixClose(fd)", env.Undefined());
  close(info[0].As<Napi::Number>().Int32Value());
  return env.Undefined();
}

// memfdOfSize(size) -> a close-on-exec memfd of that many (zero) bytes
Napi::Value MemfdOfSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, info[0].IsNumber(), "memfdOfSize(size)", env.Undefined());
  int64_t size = info[0].As<Napi::Number>().Int64Value();
  REQUIRE(env, size >= 0, "memfdOfSize: negative size", env.Undefined());
  int fd = memfd_create("wayboard-unix-socket", MFD_CLOEXEC);
  if (fd < 0) return ThrowErrno(env, "memfd_create", errno);
  if (ftruncate(fd, size) < 0) {
    int error = errno;
    close(fd);
    return ThrowErrno(env, "ftruncate", error);
  }
  return Napi::Number::New(env, fd);
}

}  // namespace

void InitUnixSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("unixConnect", Napi::Function::New(env, UnixConnect));
  exports.Set("unixSend", Napi::Function::New(env, UnixSend));
  exports.Set("unixRecv", Napi::Function::New(env, UnixRecv));
  exports.Set("unixClose", Napi::Function::New(env, UnixClose));
  exports.Set("memfdOfSize", Napi::Function::New(env, MemfdOfSize));
}
