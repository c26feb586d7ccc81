"""Headless Chromium through Selenium, strictly offline.

Debian's ``chromium`` and ``chromium-driver`` packages provide the browser and
its driver; Selenium Manager is never asked to find or download anything
(explicit paths, ``SE_OFFLINE=true``).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = Path(os.environ.get("AUDIT_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("AUDIT_CHROMEDRIVER", "/usr/bin/chromedriver"))

FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
)


def available() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file() and shutil.which(str(CHROMIUM)) is not None


def start(profile_dir: Path, width: int = 1400, height: int = 1000):
    """A headless Chromium WebDriver using ``profile_dir`` as its (throwaway) user data dir."""
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console errors, for the tests
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver


def full_page_screenshot(driver, path: Path, max_height: int = 16000) -> None:
    """Resize the window to the page's height, then save a PNG of all of it."""
    width = driver.execute_script("return document.documentElement.clientWidth")
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, arguments[0])",
                                   max_height)
    driver.set_window_size(max(width, 800), height + 200)
    driver.save_screenshot(str(path))
