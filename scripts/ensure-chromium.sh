#!/usr/bin/env bash
# Make sure the browser tests' Chromium is installed: the distribution's `chromium` package, never
# a downloaded browser. Does nothing when `chromium` is on PATH; otherwise installs it with
# apt-get as root (or through sudo without a password), or fails saying what to run.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "Chromium: $(command -v chromium)"
  exit 0
fi

fail() {
  echo "Chromium is not installed and $1." >&2
  echo "The browser tests (tests/browser) need it. Install it, then run make test again:" >&2
  echo "    $2" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "this system has no apt-get" \
    "install your distribution's chromium package, so that \`chromium\` is on PATH"
fi

if [[ "$(id -u)" == "0" ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  fail "this user cannot install packages (not root, no password-less sudo)" \
    "sudo apt-get update && sudo apt-get install -y chromium"
fi

echo "Chromium is not installed; installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium >/dev/null

if ! command -v chromium >/dev/null 2>&1; then
  fail "apt-get installed no \`chromium\` command" "apt-get install -y chromium"
fi
echo "Chromium: $(command -v chromium)"
