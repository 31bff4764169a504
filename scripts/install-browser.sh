#!/usr/bin/env bash
# Install Debian's chromium and a CJK font for the Playwright page tests (CI).
# Playwright's own browser download cannot work here; the tests launch
# /usr/bin/chromium through executable_path. Hangul renders only with a CJK font.
# Idempotent: does nothing when both are already installed.
set -euo pipefail

packages=(chromium fonts-noto-cjk)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ] && [ -x /usr/bin/chromium ]; then
    echo "chromium and fonts-noto-cjk already installed"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
# env, not export: sudo drops the caller's environment.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]:-${packages[@]}}"
/usr/bin/chromium --version
