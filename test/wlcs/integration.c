/* wayboard's integration module for wlcs, the Wayland conformance test suite.
 * Each test starts a real wayboard process (headless) and talks to it through its control
 * socket (JSON lines) and its client-fd socket (SCM_RIGHTS), so the compositor under test is
 * exactly the one users run. Build: test/wlcs/build.sh; run: npm run test:wlcs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include <wlcs/display_server.h>
#include <wlcs/pointer.h>
#include <wlcs/touch.h>

#define MAX_CLIENTS 64

struct server {
  WlcsDisplayServer base;
  pid_t pid;
  char runtime_dir[64];
  char name[64];
  int ctl, fds;
  struct { int fd; unsigned token; } clients[MAX_CLIENTS];
  int client_count;
};

static const WlcsExtensionDescriptor extensions[] = {
    {"wl_compositor", 5}, {"wl_subcompositor", 1}, {"wl_shm", 1}, {"wl_output", 4}, {"wl_seat", 7},
    {"xdg_wm_base", 5}, {"wl_data_device_manager", 3}, {"zxdg_decoration_manager_v1", 1},
    {"wp_viewporter", 1}, {"zxdg_output_manager_v1", 3}, {"wp_presentation", 1},
    {"zwp_text_input_manager_v2", 1},
};
static const WlcsIntegrationDescriptor descriptor = {1, sizeof extensions / sizeof extensions[0], extensions};

static void die(const char *what) {
  fprintf(stderr, "wayboard-wlcs: %s: %s\n", what, strerror(errno));
  abort();
}

static int connect_unix(const char *path, int type) {
  int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  snprintf(address.sun_path, sizeof address.sun_path, "%s", path);
  if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) < 0) die(path);
  return fd;
}

/* one control command; aborts the test with the compositor's message when it fails */
static void ctl(struct server *s, const char *format, ...) {
  char command[256], line[512];
  va_list args;
  va_start(args, format);
  vsnprintf(command, sizeof command, format, args);
  va_end(args);
  char request[384] = "{\"argv\":[\"";
  size_t n = strlen(request);
  for (const char *c = command; *c && n < sizeof request - 8; c++) {
    if (*c == ' ') n += sprintf(request + n, "\",\"");
    else request[n++] = *c;
  }
  n += sprintf(request + n, "\"]}\n");
  if (write(s->ctl, request, n) != (ssize_t)n) die("write to the control socket");
  size_t got = 0;
  while (got < sizeof line - 1) {
    ssize_t r = read(s->ctl, line + got, 1);
    if (r <= 0) die("read from the control socket");
    if (line[got++] == '\n') break;
  }
  line[got] = 0;
  if (!strstr(line, "\"ok\":true") || getenv("WAYBOARD_WLCS_DEBUG")) fprintf(stderr, "wayboard-wlcs: %s -> %s", command, line);
}

static void start(WlcsDisplayServer *base) {
  struct server *s = (struct server *)base;
  static int counter;
  snprintf(s->runtime_dir, sizeof s->runtime_dir, "/tmp/wayboard-wlcs-XXXXXX");
  if (!mkdtemp(s->runtime_dir)) die("mkdtemp");
  snprintf(s->name, sizeof s->name, "wlcs-%d-%d", getpid(), ++counter);
  int err[2];
  if (pipe2(err, O_CLOEXEC) < 0) die("pipe");
  const char *root = getenv("WAYBOARD_ROOT") ? getenv("WAYBOARD_ROOT") : WAYBOARD_ROOT;
  char bin[512];
  snprintf(bin, sizeof bin, "%s/bin/wayboard.js", root);
  s->pid = fork();
  if (s->pid == 0) {
    dup2(err[1], 2);
    setenv("XDG_RUNTIME_DIR", s->runtime_dir, 1);
    execlp("node", "node", bin, "--backend", "headless", "--socket", s->name, (char *)NULL);
    _exit(127);
  }
  close(err[1]);
  /* wait for "wayboard: ready on NAME" on its stderr */
  char text[4096] = "";
  size_t got = 0;
  while (!strstr(text, "ready on") && got < sizeof text - 1) {
    ssize_t r = read(err[0], text + got, sizeof text - 1 - got);
    if (r <= 0) {
      fprintf(stderr, "wayboard-wlcs: wayboard did not start:\n%s\n", text);
      abort();
    }
    got += r;
    text[got] = 0;
  }
  /* keep draining its stderr so it never blocks on a full pipe */
  if (fork() == 0) {
    char buffer[4096];
    ssize_t r;
    while ((r = read(err[0], buffer, sizeof buffer)) > 0)
      if (getenv("WAYBOARD_WLCS_DEBUG")) fwrite(buffer, 1, r, stderr);
    _exit(0);
  }
  close(err[0]);
  char path[256];
  snprintf(path, sizeof path, "%s/%s.ctl", s->runtime_dir, s->name);
  s->ctl = connect_unix(path, SOCK_STREAM);
  snprintf(path, sizeof path, "%s/%s.fds", s->runtime_dir, s->name);
  s->fds = connect_unix(path, SOCK_SEQPACKET);
  s->client_count = 0;
}

static void stop(WlcsDisplayServer *base) {
  struct server *s = (struct server *)base;
  close(s->ctl);
  close(s->fds);
  kill(s->pid, SIGTERM);
  waitpid(s->pid, NULL, 0);
  char command[128];
  snprintf(command, sizeof command, "rm -rf '%s'", s->runtime_dir);
  if (system(command) != 0) fprintf(stderr, "wayboard-wlcs: could not remove %s\n", s->runtime_dir);
}

static int create_client_socket(WlcsDisplayServer *base) {
  struct server *s = (struct server *)base;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) die("socketpair");
  char byte = 0;
  struct iovec io = {&byte, 1};
  char control[CMSG_SPACE(sizeof(int))] = {0};
  struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(header), &pair[1], sizeof(int));
  if (sendmsg(s->fds, &message, 0) < 0) die("sendmsg");
  unsigned token = 0;
  if (recv(s->fds, &token, sizeof token, 0) != sizeof token || !token) die("client fd not accepted");
  close(pair[1]);
  if (s->client_count < MAX_CLIENTS) {
    s->clients[s->client_count].fd = pair[0];
    s->clients[s->client_count++].token = token;
  }
  return pair[0];
}

static void position_window_absolute(WlcsDisplayServer *base, struct wl_display *client, struct wl_surface *surface, int x, int y) {
  struct server *s = (struct server *)base;
  int fd = wl_display_get_fd(client);
  for (int i = 0; i < s->client_count; i++) {
    if (s->clients[i].fd == fd) {
      wl_display_roundtrip(client); /* the surface's requests must have reached wayboard */
      ctl(s, "position %u %u %d %d", s->clients[i].token, wl_proxy_get_id((struct wl_proxy *)surface), x, y);
      return;
    }
  }
}

struct pointer {
  WlcsPointer base;
  struct server *server;
  double x, y;
};

static void pointer_move_absolute(WlcsPointer *p, wl_fixed_t x, wl_fixed_t y) {
  struct pointer *self = (struct pointer *)p;
  self->x = wl_fixed_to_double(x), self->y = wl_fixed_to_double(y);
  ctl(self->server, "pointer move %.3f %.3f", self->x, self->y);
}
static void pointer_move_relative(WlcsPointer *p, wl_fixed_t dx, wl_fixed_t dy) {
  struct pointer *self = (struct pointer *)p;
  pointer_move_absolute(p, wl_fixed_from_double(self->x + wl_fixed_to_double(dx)), wl_fixed_from_double(self->y + wl_fixed_to_double(dy)));
}
static const char *button_name(int button) { return button == 0x111 ? "right" : button == 0x112 ? "middle" : "left"; }
static void pointer_button_down(WlcsPointer *p, int button) {
  ctl(((struct pointer *)p)->server, "pointer button %s press", button_name(button));
}
static void pointer_button_up(WlcsPointer *p, int button) {
  ctl(((struct pointer *)p)->server, "pointer button %s release", button_name(button));
}
static void pointer_destroy(WlcsPointer *p) { free(p); }

static WlcsPointer *create_pointer(WlcsDisplayServer *base) {
  struct pointer *p = calloc(1, sizeof *p);
  p->base = (WlcsPointer){WLCS_POINTER_VERSION, pointer_move_absolute, pointer_move_relative, pointer_button_up, pointer_button_down, pointer_destroy};
  p->server = (struct server *)base;
  return &p->base;
}

struct touch {
  WlcsTouch base;
  struct server *server;
};
/* wlcs's touch helpers pass whole pixels in these wl_fixed_t parameters (measured: a touch
 * meant for x=64 arrives as 64, not 64 << 8), so they are used as they are */
static void touch_down(WlcsTouch *t, wl_fixed_t x, wl_fixed_t y) {
  ctl(((struct touch *)t)->server, "touch down 0 %d %d", x, y);
}
static void touch_move(WlcsTouch *t, wl_fixed_t x, wl_fixed_t y) {
  ctl(((struct touch *)t)->server, "touch motion 0 %d %d", x, y);
}
static void touch_up(WlcsTouch *t) { ctl(((struct touch *)t)->server, "touch up 0"); }
static void touch_destroy(WlcsTouch *t) { free(t); }

static WlcsTouch *create_touch(WlcsDisplayServer *base) {
  struct touch *t = calloc(1, sizeof *t);
  t->base = (WlcsTouch){WLCS_TOUCH_VERSION, touch_down, touch_move, touch_up, touch_destroy};
  t->server = (struct server *)base;
  return &t->base;
}

static const WlcsIntegrationDescriptor *get_descriptor(const WlcsDisplayServer *base) { return &descriptor; }

static WlcsDisplayServer *create_server(int argc, const char **argv) {
  struct server *s = calloc(1, sizeof *s);
  s->base.version = 2;
  s->base.start = start;
  s->base.stop = stop;
  s->base.create_client_socket = create_client_socket;
  s->base.position_window_absolute = position_window_absolute;
  s->base.create_pointer = create_pointer;
  s->base.create_touch = create_touch;
  s->base.get_descriptor = get_descriptor;
  return &s->base;
}

static void destroy_server(WlcsDisplayServer *base) { free(base); }

const WlcsServerIntegration wlcs_server_integration = {1, create_server, destroy_server};
