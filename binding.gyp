{
  "targets": [
    {
      "target_name": "wayboard",
      "sources": [ "native/addon.cc", "native/wayland.cc", "native/interfaces.cc", "native/resources.cc", "native/client-fds.cc", "native/render.cc", "native/transform.cc", "native/drm.cc", "native/seat.cc", "native/shm.cc", "native/xkb.cc", "native/unix-socket.cc", "native/pixel-memory.cc", "native/wayland-client.cc", "native/hunspell.cc", "native/timer.cc" ],
      "include_dirs": [ "<!(node -p \"require('node-addon-api').include_dir\")" ],
      "defines": [ "NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS" ],
      "cflags_cc": [ "-std=c++17", "-Wall", "-Wno-missing-field-initializers", "<!@(pkg-config --cflags wayland-server wayland-client pixman-1 xkbcommon libseat libdrm libinput libudev hunspell)" ],
      "libraries": [ "<!@(pkg-config --libs wayland-server wayland-client pixman-1 xkbcommon libseat libdrm libinput libudev hunspell)" ]
    }
  ]
}
