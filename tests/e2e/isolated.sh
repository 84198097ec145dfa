#!/bin/sh
# Runs a command in a private network namespace that has only loopback, so WebRTC between the test
# browsers can only use 127.0.0.1 and no packet leaves the machine. Needs root (CI runs as root);
# elsewhere the command runs as it is.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  exec unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
echo "note: not root; running without a private network namespace" >&2
exec "$@"
