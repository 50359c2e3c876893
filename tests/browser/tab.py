"""A browser tab for the tests: every page it shows must pass axe before the test ends."""

from urllib.parse import urldefrag, urlsplit

from tests.browser import axe


def _document(url: str) -> str:
    """Return a URL without its fragment: the document it names."""
    return urldefrag(url).url


class Tab:
    """A page in a fresh browser context whose moves assert the HTTP status and run axe."""

    def __init__(self, context, base_url: str, label: str, javascript: bool = True):
        self.context = context
        self.page = context.new_page()
        self.base_url = base_url
        self.label = label
        self.javascript = javascript
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        self.csp_errors: list[str] = []
        self.page.on("framenavigated", self._navigated)
        self.page.on("console", self._console)

    def _navigated(self, frame) -> None:
        """Note every document the tab shows, so none goes unchecked."""
        if frame == self.page.main_frame and frame.url != "about:blank":
            self.loaded.append(_document(frame.url))

    def _console(self, message) -> None:
        """Keep what the Content-Security-Policy blocked: the real page would lack it."""
        if "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    @property
    def path(self) -> str:
        """Return the path of the page shown now."""
        return urlsplit(self.page.url).path

    def visit(self, path: str, status: int | None = None):
        """Go to a path of the portal, check the answer and the page, and return the page."""
        return self._arrived(self.page.goto(self.base_url + path), status)

    def submit(self, button, status: int | None = None):
        """Click a button that leaves the page, then check where it led."""
        with self.page.expect_navigation() as navigation:
            button.click()
        return self._arrived(navigation.value, status)

    def back(self, status: int | None = None):
        """Press the browser's back button, then check the page it shows."""
        response = self.page.go_back()
        assert response is not None, (
            f"back showed {self.page.url} without asking the server (back-forward cache)")
        return self._arrived(response, status)

    def _arrived(self, response, status: int | None):
        """Assert the page's HTTP status (below 400 unless told), then check the page."""
        assert response is not None, f"no response for {self.page.url}"
        if status is None:
            assert response.status < 400, f"{response.url} answered {response.status}"
        else:
            assert response.status == status, f"{response.url} answered {response.status}"
        self.check()
        return self.page

    def check(self) -> None:
        """Assert that the page passes axe (WCAG 2.1 A and AA) and that CSP blocked nothing."""
        where = f"{self.page.url} ({self.label})"
        # axe is JavaScript, and page.evaluate() hangs where it is off: such a tab's pages
        # are the same pages the other tests check with it on.
        if self.javascript:
            found = axe.violations(self.page)
            assert not found, axe.report(where, found)
        assert not self.csp_errors, f"CSP blocked something on {where}: {self.csp_errors}"
        self.checked.add(_document(self.page.url))

    def unchecked(self) -> list[str]:
        """Return the documents the tab showed that were never checked."""
        return [url for url in self.loaded if url not in self.checked]

    def close(self) -> None:
        """Close the tab's browser context."""
        self.context.close()
