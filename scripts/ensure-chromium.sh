#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when it is missing and apt is usable.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium не найден: устанавливаю пакет chromium через apt-get..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "Нужен Chromium для браузерных тестов: установите пакет chromium (sudo apt-get install chromium) или укажите путь в CHROMIUM_PATH." >&2
exit 1
