/* wayboard's integration module for wlcs, the Wayland conformance test suite.
 *
 * Each test starts a real wayboard process (`--backend headless`) in a private runtime dir,
 * so the compositor under test is exactly the one users run. The module talks to it through
 * two sockets next to the Wayland one:
 *   NAME.ctl  JSON lines: input injection and window placement; a reply comes only after
 *             wayboard has handled the command and flushed the events it caused, so every
 *             call here is synchronous, as wlcs expects;
 *   NAME.fds  SOCK_SEQPACKET: we pass one end of a socketpair (SCM_RIGHTS) and get back
 *             wayboard's token for the new wl_client, which `position` needs.
 * Build: test/wlcs/build.sh. Run: npx tsx test/wlcs/run.ts (see README.md).
 *
 * Environment: WAYBOARD_ROOT (repo with bin/wayboard.js; default: compiled in),
 * WAYBOARD_WLCS_OUTPUT (e.g. 1920x1080@60; default: wayboard's own),
 * WAYBOARD_WLCS_DEBUG=1 (echo control commands; print wayboard's stderr after each test). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
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

#define NAME "wlcs" /* the runtime dir is private to one test, so one name does */
#define READY_TIMEOUT_MS 10000
#define REPLY_TIMEOUT_S 10
#define STOP_TIMEOUT_MS 5000

/* What wayboard advertises (as seen by `wayland-info`); wlcs skips tests needing anything
 * else. run.ts checks this table against a live wayboard so the two cannot drift. */
static const WlcsExtensionDescriptor extensions[] = {
    {"wl_compositor", 5}, {"wl_subcompositor", 1}, {"wl_shm", 1}, {"wl_output", 4},
    {"wl_seat", 7}, {"xdg_wm_base", 5}, {"wl_data_device_manager", 3},
    {"zxdg_decoration_manager_v1", 1}, {"wp_viewporter", 1}, {"zxdg_output_manager_v1", 3},
    {"wp_presentation", 1}, {"zwp_text_input_manager_v2", 1},
    {"zwp_text_input_manager_v3", 1}, {"zwp_text_input_manager_v1", 1},
};
static const WlcsIntegrationDescriptor descriptor = {1, sizeof extensions / sizeof extensions[0], extensions};

struct client {
  int fd;         /* our end of the socketpair, which wlcs's wl_display uses */
  unsigned token; /* wayboard's id for that wl_client */
};

struct server {
  WlcsDisplayServer base;
  pid_t pid;
  char dir[96];  /* private XDG_RUNTIME_DIR; its socket paths must fit sun_path (108) */
  int ctl;       /* -1 once a reply timed out: the stream is out of step from then on */
  int fds;
  struct client *clients;
  size_t client_count;
};

static void fail(const char *format, ...) {
  va_list args;
  va_start(args, format);
  fputs("wayboard-wlcs: ", stderr);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
}

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

static void path_in(const struct server *s, const char *file, char *out, size_t size) {
  /* all callers pass 128 bytes: dir (< 96) + "/" + a short file name always fits */
  snprintf(out, size, "%s/%s", s->dir, file);
}

static int connect_unix(const char *path, int type) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  snprintf(address.sun_path, sizeof address.sun_path, "%s", path);
  int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect(fd, (struct sockaddr *)&address, sizeof address) == 0) return fd;
  fail("cannot connect to %s: %s", path, strerror(errno));
  abort();
}

/* Prints the compositor's stderr (kept in a file: a pipe nobody drains could block it). */
static void dump_log(const struct server *s) {
  char path[128], buffer[4096];
  path_in(s, "stderr.log", path, sizeof path);
  FILE *log = fopen(path, "r");
  if (!log) return;
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, log)) > 0) fwrite(buffer, 1, n, stderr);
  fclose(log);
}

/* One control command, words separated by spaces (none of ours need quoting). Failures are
 * printed, not fatal: the test's own expectations then report what went wrong. */
static void ctl(struct server *s, const char *format, ...) {
  char command[256], request[512] = "{\"argv\":[\"", reply[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(command, sizeof command, format, args);
  va_end(args);
  if (s->ctl < 0) {
    fail("%s: skipped, the control socket is out of step", command);
    return;
  }
  size_t n = strlen(request);
  for (const char *c = command; *c && n < sizeof request - 8; c++) {
    if (*c == ' ') n += sprintf(request + n, "\",\"");
    else request[n++] = *c;
  }
  n += sprintf(request + n, "\"]}\n");
  if (write(s->ctl, request, n) != (ssize_t)n) {
    fail("%s: write: %s", command, strerror(errno));
    return;
  }
  size_t got = 0;
  while (got < sizeof reply - 1) {
    ssize_t r = read(s->ctl, reply + got, 1);
    if (r <= 0) {
      fail("%s: no reply within %d s (%s)", command, REPLY_TIMEOUT_S, r ? strerror(errno) : "closed");
      close(s->ctl);
      s->ctl = -1;
      return;
    }
    if (reply[got++] == '\n') break;
  }
  reply[got] = 0;
  if (!strstr(reply, "\"ok\":true") || getenv("WAYBOARD_WLCS_DEBUG")) fail("%s -> %s", command, reply);
}

static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *entry;
  while ((entry = readdir(d)))
    if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) unlinkat(dirfd(d), entry->d_name, 0);
  closedir(d);
  rmdir(dir);
}

static void start(WlcsDisplayServer *base) {
  struct server *s = (struct server *)base;
  const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  if (snprintf(s->dir, sizeof s->dir, "%s/wayboard-wlcs-XXXXXX", tmp) >= (int)sizeof s->dir || !mkdtemp(s->dir)) {
    fail("cannot make a runtime dir in %s (a shorter TMPDIR?): %s", tmp, strerror(errno));
    abort();
  }
  const char *root = getenv("WAYBOARD_ROOT") ? getenv("WAYBOARD_ROOT") : WAYBOARD_ROOT;
  const char *output = getenv("WAYBOARD_WLCS_OUTPUT");
  char bin[512], log[128];
  snprintf(bin, sizeof bin, "%s/bin/wayboard.js", root);
  path_in(s, "stderr.log", log, sizeof log);
  s->pid = fork();
  if (s->pid < 0) fail("fork: %s", strerror(errno)), abort();
  if (s->pid == 0) {
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    setenv("XDG_RUNTIME_DIR", s->dir, 1);
    unsetenv("WAYLAND_DISPLAY"); /* headless: never nest in the caller's session */
    if (output)
      execlp("node", "node", bin, "--backend", "headless", "--socket", NAME, "--output", output, (char *)NULL);
    else
      execlp("node", "node", bin, "--backend", "headless", "--socket", NAME, (char *)NULL);
    _exit(127);
  }
  /* wayboard prints "wayboard: ready on NAME" once all its sockets listen */
  long began = now_ms();
  for (;;) {
    char text[8192] = "";
    FILE *f = fopen(log, "r");
    if (f) text[fread(text, 1, sizeof text - 1, f)] = 0, fclose(f);
    if (strstr(text, "ready on " NAME)) break;
    int status, exited = waitpid(s->pid, &status, WNOHANG) == s->pid;
    if (exited || now_ms() - began > READY_TIMEOUT_MS) {
      if (!exited) kill(s->pid, SIGKILL), waitpid(s->pid, &status, 0);
      fail("wayboard (%s) %s after %ld ms; its stderr:\n%s", bin, exited ? "exited" : "was still not ready",
           now_ms() - began, text);
      remove_dir(s->dir);
      abort(); /* no way to fail one test from C: stop the run with the reason above */
    }
    usleep(5000);
  }
  char path[128];
  path_in(s, NAME ".ctl", path, sizeof path);
  s->ctl = connect_unix(path, SOCK_STREAM);
  struct timeval timeout = {REPLY_TIMEOUT_S, 0};
  setsockopt(s->ctl, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  path_in(s, NAME ".fds", path, sizeof path);
  s->fds = connect_unix(path, SOCK_SEQPACKET);
  setsockopt(s->fds, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

static void stop(WlcsDisplayServer *base) {
  struct server *s = (struct server *)base;
  if (s->ctl >= 0) close(s->ctl);
  close(s->fds);
  kill(s->pid, SIGTERM);
  /* a compositor that ignores SIGTERM must not hang the suite */
  long deadline = now_ms() + STOP_TIMEOUT_MS;
  int status = 0;
  while (waitpid(s->pid, &status, WNOHANG) == 0) {
    if (now_ms() > deadline) {
      fail("wayboard ignored SIGTERM for %d ms; killing it", STOP_TIMEOUT_MS);
      kill(s->pid, SIGKILL);
      waitpid(s->pid, &status, 0);
      break;
    }
    usleep(5000);
  }
  if (getenv("WAYBOARD_WLCS_DEBUG")) dump_log(s);
  remove_dir(s->dir);
  free(s->clients);
  s->clients = NULL;
  s->client_count = 0;
}

/* Returns -1 with errno set on failure: wlcs then fails just this test. */
static int create_client_socket(WlcsDisplayServer *base) {
  struct server *s = (struct server *)base;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) return -1;
  char byte = 0, control[CMSG_SPACE(sizeof(int))] = {0};
  struct iovec io = {&byte, 1};
  struct msghdr message = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(header), &pair[1], sizeof(int));
  uint32_t token = 0;
  int sent = sendmsg(s->fds, &message, 0) == 1;
  int received = sent && recv(s->fds, &token, sizeof token, 0) == sizeof token;
  close(pair[1]); /* wayboard holds its own copy now */
  if (!received || !token) {
    fail("wayboard did not accept a client fd (%s)", received ? "token 0" : strerror(errno));
    close(pair[0]);
    errno = ECONNREFUSED;
    return -1;
  }
  /* fd numbers are reused once wlcs closes a client: the newest entry for an fd wins */
  size_t i = 0;
  while (i < s->client_count && s->clients[i].fd != pair[0]) i++;
  if (i == s->client_count) {
    s->clients = realloc(s->clients, ++s->client_count * sizeof *s->clients);
    if (!s->clients) abort();
  }
  s->clients[i] = (struct client){pair[0], token};
  return pair[0];
}

/* wlcs has already done a roundtrip, so wayboard knows the surface id */
static void position_window_absolute(WlcsDisplayServer *base, struct wl_display *client, struct wl_surface *surface, int x, int y) {
  struct server *s = (struct server *)base;
  int fd = wl_display_get_fd(client);
  for (size_t i = 0; i < s->client_count; i++)
    if (s->clients[i].fd == fd) {
      ctl(s, "position %u %u %d %d", s->clients[i].token, wl_proxy_get_id((struct wl_proxy *)surface), x, y);
      return;
    }
  fail("position_window_absolute: a wl_display (fd %d) this module did not create", fd);
}

struct pointer {
  WlcsPointer base;
  struct server *server;
  double x, y; /* wayboard's ctl only moves absolutely: move_relative adds to this */
};

static void pointer_move_absolute(WlcsPointer *base, wl_fixed_t x, wl_fixed_t y) {
  struct pointer *p = (struct pointer *)base;
  p->x = wl_fixed_to_double(x);
  p->y = wl_fixed_to_double(y);
  ctl(p->server, "pointer move %.4f %.4f", p->x, p->y);
}

static void pointer_move_relative(WlcsPointer *base, wl_fixed_t dx, wl_fixed_t dy) {
  struct pointer *p = (struct pointer *)base;
  p->x += wl_fixed_to_double(dx);
  p->y += wl_fixed_to_double(dy);
  ctl(p->server, "pointer move %.4f %.4f", p->x, p->y);
}

/* evdev codes: BTN_LEFT 0x110, BTN_RIGHT 0x111, BTN_MIDDLE 0x112 */
static const char *button_name(int button) {
  return button == 0x111 ? "right" : button == 0x112 ? "middle" : "left";
}
static void pointer_button_down(WlcsPointer *base, int button) {
  ctl(((struct pointer *)base)->server, "pointer button %s press", button_name(button));
}
static void pointer_button_up(WlcsPointer *base, int button) {
  ctl(((struct pointer *)base)->server, "pointer button %s release", button_name(button));
}
static void pointer_destroy(WlcsPointer *base) { free(base); }

static WlcsPointer *create_pointer(WlcsDisplayServer *base) {
  struct pointer *p = calloc(1, sizeof *p);
  p->base = (WlcsPointer){WLCS_POINTER_VERSION, pointer_move_absolute, pointer_move_relative,
                          pointer_button_up, pointer_button_down, pointer_destroy};
  p->server = (struct server *)base;
  return &p->base;
}

/* Unlike the pointer's, wlcs 1.x passes whole pixels in these wl_fixed_t parameters
 * (wlcs::Touch::down_at(int x, int y) forwards x, y unconverted), so they are used as is.
 * One WlcsTouch is one finger: its address-derived id keeps two touches apart. */
struct touch {
  WlcsTouch base;
  struct server *server;
  unsigned id;
};

static void touch_down(WlcsTouch *base, wl_fixed_t x, wl_fixed_t y) {
  struct touch *t = (struct touch *)base;
  ctl(t->server, "touch down %u %d %d", t->id, x, y);
}
static void touch_move(WlcsTouch *base, wl_fixed_t x, wl_fixed_t y) {
  struct touch *t = (struct touch *)base;
  ctl(t->server, "touch motion %u %d %d", t->id, x, y);
}
static void touch_up(WlcsTouch *base) {
  struct touch *t = (struct touch *)base;
  ctl(t->server, "touch up %u", t->id);
}
static void touch_destroy(WlcsTouch *base) { free(base); }

static WlcsTouch *create_touch(WlcsDisplayServer *base) {
  static unsigned next_id;
  struct touch *t = calloc(1, sizeof *t);
  t->base = (WlcsTouch){WLCS_TOUCH_VERSION, touch_down, touch_move, touch_up, touch_destroy};
  t->server = (struct server *)base;
  t->id = next_id++ % 64; /* small ids, as a touch screen would use */
  return &t->base;
}

static const WlcsIntegrationDescriptor *get_descriptor(const WlcsDisplayServer *base) {
  (void)base;
  return &descriptor;
}

static WlcsDisplayServer *create_server(int argc, const char **argv) {
  (void)argc, (void)argv;
  struct server *s = calloc(1, sizeof *s);
  /* version 2 with `start`: wayboard runs in its own process, so there is no event loop
   * here that version 3's start_on_this_thread would drive */
  s->base = (WlcsDisplayServer){
      .version = 2,
      .start = start,
      .stop = stop,
      .create_client_socket = create_client_socket,
      .position_window_absolute = position_window_absolute,
      .create_pointer = create_pointer,
      .create_touch = create_touch,
      .get_descriptor = get_descriptor,
  };
  s->ctl = s->fds = -1;
  return &s->base;
}

static void destroy_server(WlcsDisplayServer *base) { free(base); }

const WlcsServerIntegration wlcs_server_integration = {1, create_server, destroy_server};
