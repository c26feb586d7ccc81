#!/usr/bin/env bash
# Chromium and its WebDriver for tests/browser/ (Debian/Ubuntu; run as root or with sudo).
# Selenium is pointed at these two binaries and never downloads a browser or driver.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
apt-get update
apt-get install -y chromium chromium-driver
