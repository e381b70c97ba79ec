// A SOCK_SEQPACKET socket that accepts connected Wayland client fds passed with SCM_RIGHTS
// (the wlcs integration hands over one end of a socketpair this way). Node's net module
// cannot receive fds, so this small part lives in the addon: each message carrying an fd
// becomes a wl_client, and the reply is that client's token as a uint32.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <uv.h>
#include <wayland-server-core.h>

#include <cstring>
#include <string>

#include "interfaces.h"

namespace {

struct FdConnection {
  uv_poll_t poll;
  int fd;
};

int listen_fd = -1;
std::string listen_path;
uv_poll_t listen_poll;

void CloseConnection(FdConnection* connection) {
  uv_poll_stop(&connection->poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&connection->poll), [](uv_handle_t* handle) {
    auto* c = reinterpret_cast<FdConnection*>(handle);
    close(c->fd);
    delete c;
  });
}

void OnMessage(uv_poll_t* poll, int status, int) {
  auto* connection = reinterpret_cast<FdConnection*>(poll);
  char byte;
  iovec io = {&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msghdr message = {};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t n = status < 0 ? -1 : recvmsg(connection->fd, &message, MSG_CMSG_CLOEXEC);
  if (n <= 0) {
    CloseConnection(connection);
    return;
  }
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  uint32_t token = 0;
  if (header && header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
    int client_fd;
    memcpy(&client_fd, CMSG_DATA(header), sizeof client_fd);
    Napi::Env env = JsEnv();
    Napi::HandleScope scope(env);
    wl_client* client = CreateHandedOverClient(client_fd);
    if (client) token = ClientToken(client);
    else close(client_fd);
  }
  if (send(connection->fd, &token, sizeof token, MSG_NOSIGNAL) < 0) CloseConnection(connection);
}

void OnConnection(uv_poll_t*, int status, int) {
  if (status < 0) return;
  int fd = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  auto* connection = new FdConnection{{}, fd};
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(JsEnv(), &loop);
  uv_poll_init(loop, &connection->poll, fd);
  uv_poll_start(&connection->poll, UV_READABLE, OnMessage);
}

Napi::Value ListenClientFds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  REQUIRE(env, TheDisplay() && listen_fd < 0 && info[0].IsString(), "listenClientFds(path) once, after init",
          env.Undefined());
  std::string path = info[0].As<Napi::String>();
  sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  REQUIRE(env, path.size() < sizeof address.sun_path, "listenClientFds: path too long", env.Undefined());
  strcpy(address.sun_path, path.c_str());
  unlink(path.c_str());
  listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (listen_fd < 0 || bind(listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
      listen(listen_fd, 8) < 0) {
    Napi::Error::New(env, "cannot listen on " + path + ": " + strerror(errno)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  chmod(path.c_str(), 0600);
  listen_path = path;
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &listen_poll, listen_fd);
  uv_poll_start(&listen_poll, UV_READABLE, OnConnection);
  uv_unref(reinterpret_cast<uv_handle_t*>(&listen_poll));
  return env.Undefined();
}

// A connected socketpair for a client wayboard starts itself: one end becomes a wl_client
// (clientCreate), the other the child's WAYLAND_SOCKET. Only the child's end is inheritable;
// ours is non-blocking (a test client such as the fuzzer may keep it and hand the other over).
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0) {
    Napi::Error::New(env, std::string("socketpair: ") + strerror(errno)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);  // ours is read by a loop
  Napi::Array result = Napi::Array::New(env, 2);
  result.Set(0u, fds[0]);
  result.Set(1u, fds[1]);
  return result;
}

Napi::Value CloseFd(const Napi::CallbackInfo& info) {
  if (info[0].IsNumber()) close(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

}  // namespace

void CloseClientFds() {
  if (listen_fd < 0) return;
  uv_poll_stop(&listen_poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&listen_poll), nullptr);
  close(listen_fd);
  unlink(listen_path.c_str());
  listen_fd = -1;
}

void InitClientFds(Napi::Env env, Napi::Object exports) {
  exports.Set("listenClientFds", Napi::Function::New(env, ListenClientFds));
  exports.Set("socketPair", Napi::Function::New(env, SocketPair));
  exports.Set("closeFd", Napi::Function::New(env, CloseFd));
}
