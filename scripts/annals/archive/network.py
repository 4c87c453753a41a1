"""Stage 2, the network check: nothing a page or stylesheet loads may come from the network or be missing."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..build import BuildFailed

SHOWN_PROBLEMS = 30

FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "object": ("data",), "source": ("src", "srcset"), "audio": ("src",),
    "video": ("src", "poster"), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"),
}
LABELS = {"script": "脚本", "img": "图片", "iframe": "内嵌网页", "frame": "内嵌网页", "link": "样式表、字体或图标", "css": "样式表中的字体或图片"}
NOT_FETCHED_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "help", "bookmark", "me", "search"}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


class _Resources(HTMLParser):
    """Collects what a page makes the browser fetch: (kind, address) pairs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name in FETCHED.get(tag, ()):
            if name in values:
                self.found += [(tag, url) for url in addresses(values[name], name)]
        if tag == "link" and values.get("href") and not set(values.get("rel", "").lower().split()) <= NOT_FETCHED_RELS:
            self.found.append(("link", values["href"]))
        if "style" in values:
            self.found += [("css", url) for url in css_addresses(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [("css", url) for url in css_addresses(data)]


def addresses(value: str, attribute: str) -> list[str]:
    """The addresses in an attribute; srcset holds several, each with a size."""
    if attribute != "srcset":
        return [value.strip()]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_addresses(text: str) -> list[str]:
    """Addresses in url(...) and @import of a stylesheet."""
    return [next(g for g in match.groups() if g is not None) for match in CSS_URL.finditer(text)]


def resources(file: Path) -> list[tuple[str, str]]:
    """What one HTML or CSS file makes the browser fetch."""
    text = file.read_text("utf-8", errors="replace")
    if file.suffix == ".css":
        return [("css", url) for url in css_addresses(text)]
    parser = _Resources()
    parser.feed(text)
    parser.close()
    return parser.found


def resource_problem(file: Path, site: Path, kind: str, url: str) -> str | None:
    """Why one fetched address breaks the offline promise, or None."""
    label = LABELS.get(kind, "资源")
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") or url.startswith("//"):
        return f"引用了网络上的{label}：{url}"
    if parts.scheme or not parts.path:
        return None  # data:, blob:, about:, a bare #fragment
    if parts.path.startswith("/"):
        return f"用了从根目录开始的地址（从文件夹打开时找不到）：{url}"
    target = (file.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(site.resolve()) or not target.is_file():
        return f"引用的{label}不存在：{url}"
    return None


def local_problems(site: Path) -> list[str]:
    """Every fetched address in the site that is on the network or missing."""
    problems = []
    for file in sorted(site.rglob("*")):
        if file.suffix in (".html", ".css") and file.is_file():
            shown = file.relative_to(site).as_posix()
            for kind, url in resources(file):
                problem = resource_problem(file, site, kind, url)
                if problem:
                    problems.append(f"{shown}：{problem}")
    return problems


def require_local(site: Path) -> None:
    """Fail the build when any page loads something from the network or a missing file."""
    problems = local_problems(site)
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        more = f"\n  ……另有 {len(problems) - len(shown)} 处" if len(problems) > len(shown) else ""
        raise BuildFailed(
            f"离线存档必须不联网也能完整显示，发现 {len(problems)} 处问题：\n  " + "\n  ".join(shown) + more
            + "\n请改用存档内的文件（例如把图片放进 docs/），或删除这些引用。"
        )
