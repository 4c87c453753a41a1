"""The response headers of both sites: a Content-Security-Policy built from the pages it protects.

Scripts: only the site's own files and the inline scripts the build emitted, each allowed by its
sha256 hash (read from the built pages, so a theme upgrade changes them with the next publish).
Styles: the site's own stylesheets and the hashed inline <style> blocks; style attributes (the
sparklines' colours) are allowed on their own by style-src-attr, which cannot run code.
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

# Script types a browser runs; JSON and JSON-LD blocks are data, not scripts.
RUNNABLE = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
HSTS_SECONDS = 31536000
PERMISSIONS = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


class _InlineCode(HTMLParser):
    """Collects the text of inline runnable scripts and of style elements, as written in the page."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._target: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {name: (value or "") for name, value in attrs}
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in RUNNABLE:
            self._target, self._text = self.scripts, []
        elif tag == "style":
            self._target, self._text = self.styles, []

    def handle_data(self, data):
        if self._target is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._target is not None and tag in ("script", "style"):
            self._target.append("".join(self._text))
            self._target = None


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(folders: list[Path]) -> tuple[list[str], list[str]]:
    """Sorted hash sources of every inline script and style block in the HTML pages of the folders."""
    scripts, styles = set(), set()
    for folder in folders:
        for page in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            parser = _InlineCode()
            parser.feed(page.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            scripts.update(source_hash(text) for text in parser.scripts)
            styles.update(source_hash(text) for text in parser.styles)
    return sorted(scripts), sorted(styles)


def content_security_policy(script_hashes: list[str], style_hashes: list[str]) -> str:
    """Nothing from outside the site, no inline script but the hashed ones, no framing."""
    directives = [
        "default-src 'none'",
        " ".join(["script-src 'self'", *script_hashes]),
        " ".join(["style-src 'self'", *style_hashes]),
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(policy: str, internal: bool) -> list[tuple[str, str]]:
    """Headers every response of a site carries, whatever its status."""
    headers = [
        ("Strict-Transport-Security", f"max-age={HSTS_SECONDS}"),
        ("Content-Security-Policy", policy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", PERMISSIONS),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
    if internal:
        headers.append(("X-Robots-Tag", "noindex, nofollow"))
    return headers
