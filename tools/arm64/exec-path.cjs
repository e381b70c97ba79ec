// Preloaded (--require) into every aarch64 node that tools/arm64/run-tests.sh starts. Under
// qemu-user without binfmt_misc the kernel cannot exec an aarch64 binary, so whatever spawns
// process.execPath (the test harness, vitest's forks, the CLI tests) gets WAYBOARD_NODE
// instead: a script that starts the same node through qemu.
if (process.env.WAYBOARD_NODE) process.execPath = process.env.WAYBOARD_NODE;
