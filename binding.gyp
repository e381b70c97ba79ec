{
  "target_defaults": {
    "include_dirs": [ "<!(node -p \"require('node-addon-api').include_dir\")" ],
    "defines": [ "NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS" ],
    "cflags_cc": [ "-std=c++17", "-Wall", "-Wno-missing-field-initializers" ]
  },
  "targets": [
    {
      "target_name": "wayboard",
      "sources": [ "native/addon.cc", "native/wayland.cc", "native/interfaces.cc", "native/resources.cc", "native/client-fds.cc", "native/render.cc", "native/transform.cc", "native/shm.cc", "native/xkb.cc", "native/unix-socket.cc", "native/pixel-memory.cc", "native/wayland-client.cc", "native/hunspell.cc", "native/timer.cc" ],
      "cflags_cc": [ "<!@(pkg-config --cflags wayland-server wayland-client pixman-1 xkbcommon hunspell)" ],
      "libraries": [ "<!@(pkg-config --libs wayland-server wayland-client pixman-1 xkbcommon hunspell)" ]
    },
    {
      "target_name": "wayboard_drm",
      "sources": [ "native/drm-addon.cc", "native/drm.cc", "native/seat.cc" ],
      "cflags_cc": [ "<!@(pkg-config --cflags libseat libdrm libinput libudev)" ],
      "libraries": [ "<!@(pkg-config --libs libseat libdrm libinput libudev)" ]
    }
  ]
}
