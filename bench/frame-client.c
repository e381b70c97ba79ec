/* Bench client: an xdg toplevel (or a zwp_fullscreen_shell_v1 surface) drawn into wl_shm buffers, one new frame per frame callback,
 * counting the callbacks it receives. SIGUSR1 writes "frames N" to stdout; the first callback
 * writes "first-frame NS" (CLOCK_MONOTONIC), for the cold-start bench.
 *   frame-client full W H     repaint all of a WxH buffer every frame (like weston-simple-shm)
 *   frame-client squares W H  move a 21x21 square: two 21x21 rects damaged a frame
 *                             (like weston-simple-damage)
 *   frame-client static W H   draw once, stay mapped, never commit again */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include "fullscreen-shell-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

#define SQ 21
#define NBUF 3

struct buffer {
  struct wl_buffer *wl;
  uint32_t *pixels;
  int busy;
  int sq_x, sq_y; /* where the square is drawn in this buffer, -1 if nowhere */
};

static struct wl_compositor *compositor;
static struct wl_shm *shm;
static struct xdg_wm_base *wm_base;
static struct zwp_fullscreen_shell_v1 *fs_shell;
static struct wl_surface *surface;
static struct buffer buffers[NBUF];
static int width, height, mode, configured;
static volatile long frames;
static long step;
static int prev_x = -1, prev_y = -1;

static void on_usr1(int sig) {
  (void)sig;
  char buf[32], tmp[24];
  long n = frames;
  int len = 0, t = 0;
  memcpy(buf, "frames ", 7);
  len = 7;
  do tmp[t++] = '0' + n % 10; while ((n /= 10) > 0);
  while (t) buf[len++] = tmp[--t];
  buf[len++] = '\n';
  if (write(1, buf, len) < 0) _exit(1);
}

static void buffer_release(void *data, struct wl_buffer *wl) {
  (void)wl;
  ((struct buffer *)data)->busy = 0;
}
static const struct wl_buffer_listener buffer_listener = {buffer_release};

static void make_buffers(void) {
  int stride = width * 4, size = stride * height;
  int fd = memfd_create("frame-client", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, (off_t)size * NBUF) < 0) exit(1);
  uint8_t *data = mmap(NULL, (size_t)size * NBUF, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (data == MAP_FAILED) exit(1);
  struct wl_shm_pool *pool = wl_shm_create_pool(shm, fd, size * NBUF);
  for (int i = 0; i < NBUF; i++) {
    buffers[i].pixels = (uint32_t *)(data + (size_t)size * i);
    for (int p = 0; p < width * height; p++) buffers[i].pixels[p] = 0xff204060;
    buffers[i].sq_x = -1;
    buffers[i].wl =
        wl_shm_pool_create_buffer(pool, size * i, width, height, stride, WL_SHM_FORMAT_XRGB8888);
    wl_buffer_add_listener(buffers[i].wl, &buffer_listener, &buffers[i]);
  }
  wl_shm_pool_destroy(pool);
  close(fd);
}

static void fill_rect(uint32_t *px, int x, int y, uint32_t color) {
  for (int j = y; j < y + SQ; j++)
    for (int i = x; i < x + SQ; i++) px[j * width + i] = color;
}

static const struct wl_callback_listener frame_listener;

static void redraw(void) {
  struct buffer *b = NULL;
  for (int i = 0; i < NBUF && !b; i++)
    if (!buffers[i].busy) b = &buffers[i];
  if (!b) {
    fprintf(stderr, "frame-client: no free buffer\n");
    exit(1);
  }
  if (mode == 0) {
    uint32_t color = 0xff000000 | (uint32_t)(step * 0x010305 & 0xffffff);
    for (int p = 0; p < width * height; p++) b->pixels[p] = color ^ (uint32_t)p;
    wl_surface_damage(surface, 0, 0, width, height);
  } else {
    int span_x = width - SQ, span_y = height - SQ;
    int x = (int)(step * 7 % span_x), y = (int)(step * 5 % span_y);
    if (b->sq_x >= 0) fill_rect(b->pixels, b->sq_x, b->sq_y, 0xff204060);
    fill_rect(b->pixels, x, y, 0xffffc000);
    b->sq_x = x;
    b->sq_y = y;
    if (prev_x >= 0) wl_surface_damage(surface, prev_x, prev_y, SQ, SQ);
    wl_surface_damage(surface, x, y, SQ, SQ);
    prev_x = x;
    prev_y = y;
  }
  step++;
  wl_surface_attach(surface, b->wl, 0, 0);
  b->busy = 1;
  if (mode != 2) wl_callback_add_listener(wl_surface_frame(surface), &frame_listener, NULL);
  wl_surface_commit(surface);
}

static void frame_done(void *data, struct wl_callback *cb, uint32_t time) {
  (void)data;
  (void)time;
  wl_callback_destroy(cb);
  if (++frames == 1) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("first-frame %lld\n", (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
    fflush(stdout);
  }
  redraw();
}
static const struct wl_callback_listener frame_listener = {frame_done};

static void wm_ping(void *data, struct xdg_wm_base *base, uint32_t serial) {
  (void)data;
  xdg_wm_base_pong(base, serial);
}
static const struct xdg_wm_base_listener wm_listener = {wm_ping};

static void xdg_configure(void *data, struct xdg_surface *xs, uint32_t serial) {
  (void)data;
  xdg_surface_ack_configure(xs, serial);
  if (!configured) {
    configured = 1;
    redraw(); /* the buffer keeps its own size whatever the configure asked */
  }
}
static const struct xdg_surface_listener xdg_surface_listener = {xdg_configure};

static void top_configure(void *d, struct xdg_toplevel *t, int32_t w, int32_t h,
                          struct wl_array *s) {
  (void)d, (void)t, (void)w, (void)h, (void)s;
}
static void top_close(void *d, struct xdg_toplevel *t) { (void)d, (void)t, exit(0); }
static const struct xdg_toplevel_listener toplevel_listener = {top_configure, top_close};

static void global(void *d, struct wl_registry *r, uint32_t name, const char *iface,
                   uint32_t v) {
  (void)d, (void)v;
  if (!strcmp(iface, "wl_compositor"))
    compositor = wl_registry_bind(r, name, &wl_compositor_interface, 1);
  else if (!strcmp(iface, "wl_shm"))
    shm = wl_registry_bind(r, name, &wl_shm_interface, 1);
  else if (!strcmp(iface, "xdg_wm_base")) {
    wm_base = wl_registry_bind(r, name, &xdg_wm_base_interface, 1);
    xdg_wm_base_add_listener(wm_base, &wm_listener, NULL);
  } else if (!strcmp(iface, "zwp_fullscreen_shell_v1"))
    fs_shell = wl_registry_bind(r, name, &zwp_fullscreen_shell_v1_interface, 1);
}
static void global_remove(void *d, struct wl_registry *r, uint32_t n) { (void)d, (void)r, (void)n; }
static const struct wl_registry_listener registry_listener = {global, global_remove};

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: frame-client full|squares|static WIDTH HEIGHT\n");
    return 2;
  }
  mode = !strcmp(argv[1], "full") ? 0 : !strcmp(argv[1], "squares") ? 1 : 2;
  width = atoi(argv[2]);
  height = atoi(argv[3]);
  if (width < SQ + 1 || height < SQ + 1) return 2;
  struct sigaction sa = {.sa_handler = on_usr1, .sa_flags = SA_RESTART};
  sigaction(SIGUSR1, &sa, NULL);
  struct wl_display *display = wl_display_connect(NULL);
  if (!display) {
    fprintf(stderr, "frame-client: cannot connect\n");
    return 1;
  }
  struct wl_registry *registry = wl_display_get_registry(display);
  wl_registry_add_listener(registry, &registry_listener, NULL);
  wl_display_roundtrip(display);
  if (!compositor || !shm || (!wm_base && !fs_shell)) {
    fprintf(stderr, "frame-client: missing globals\n");
    return 1;
  }
  make_buffers();
  surface = wl_compositor_create_surface(compositor);
  if (!wm_base) {
    zwp_fullscreen_shell_v1_present_surface(fs_shell, surface,
                                            ZWP_FULLSCREEN_SHELL_V1_PRESENT_METHOD_DEFAULT, NULL);
    redraw();
  } else {
    struct xdg_surface *xs = xdg_wm_base_get_xdg_surface(wm_base, surface);
    xdg_surface_add_listener(xs, &xdg_surface_listener, NULL);
    struct xdg_toplevel *top = xdg_surface_get_toplevel(xs);
    xdg_toplevel_add_listener(top, &toplevel_listener, NULL);
    xdg_toplevel_set_title(top, "frame-client");
    wl_surface_commit(surface);
  }
  printf("started\n");
  fflush(stdout);
  for (;;) {
    if (wl_display_dispatch(display) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
  }
}
