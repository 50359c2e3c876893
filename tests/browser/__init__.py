"""Browser tests: real Chromium through Playwright, with axe-core on every page."""
