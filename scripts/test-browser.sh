#!/usr/bin/env bash
# Installs the headless browser the report test drives: Debian's Chromium and its ChromeDriver
# (/usr/bin/chromium, /usr/bin/chromedriver). Needs root; does nothing when both are there.
#   scripts/test-browser.sh install
# The test starts Chromium itself (headless, no network of its own, a fresh profile) through
# ChromeDriver on 127.0.0.1; nothing keeps running after it.
set -euo pipefail

install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >&2
  fi
  chromium --version >&2
  chromedriver --version >&2
}

case "${1:-}" in
  install) install_packages ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
