"""The offline search index, made lighter to load: read by JSON.parse, with the word list ready,
and a search engine that runs in a worker thread of its own.

Material's offline plugin writes search/search_index.js as one JavaScript object literal with
every Chinese character escaped (\\uXXXX). Opened from file://, the browser parses it on each
visit, and docs/javascripts/chinese-search.js then walks every document to list the index's
Chinese words before it can cut the first query. Both grow with the years recorded.

Rewritten here, the same index is UTF-8 text (half the bytes) read by JSON.parse (faster than
parsing a literal of that size), followed by the word list, computed once at build time exactly
as chinese-search.js would compute it in the browser.

Last comes the source of the theme's search worker with the language scripts it would load.
Browsers refuse to start a worker from a file:// script, so the theme runs its worker in an
iframe on the page's own thread (iframe-worker), where building the index blocks the page.
A worker started from this source (a blob: URL, which file:// pages may start) builds the
index on another thread while the page gets on with showing itself; chinese-search.js does so,
and falls back to the theme's way when it cannot.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

INDEX_SCRIPT = Path("search") / "search_index.js"
INDEX_JSON = Path("search") / "search_index.json"
WORDS_VARIABLE = "annalsIndexWords"  # read by chinese-search.js
ENGINE_VARIABLE = "annalsEngineSource"  # read by chinese-search.js
WORKERS = Path("assets") / "javascripts" / "workers"
LUNR = Path("assets") / "javascripts" / "lunr"
SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
LONGEST_WORD = 16  # chinese-search.js: LONGEST_WORD
TAGS = re.compile(r"<[^>]*>")
# What JavaScript's \s matches (Python's differs in a few characters).
JS_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# Code points of the Han script (Unicode Scripts.txt), as /\p{sc=Han}/u matches them.
HAN_RANGES = (
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x3005, 0x3005), (0x3007, 0x3007),
    (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9), (0x16FE2, 0x16FE3), (0x16FF0, 0x16FF1), (0x20000, 0x2A6DF), (0x2A700, 0x2B739),
    (0x2B740, 0x2B81D), (0x2B820, 0x2CEA1), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D), (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A), (0x31350, 0x323AF),
)


def is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in HAN_RANGES)


def js_length(text: str) -> int:
    """A string's length as JavaScript counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def index_words(index: dict) -> list[str]:
    """The index's Chinese words, sorted as JavaScript sorts strings: chinese-search.js's wordList."""
    separator = re.compile(index["config"]["separator"].replace(r"\s", JS_SPACE))
    found: set[str] = set()
    for doc in index["docs"]:
        for field in (doc.get("title"), doc.get("text")):
            for token in separator.split(TAGS.sub(" ", field or "")):
                if 0 < js_length(token) <= LONGEST_WORD and all(is_han(c) for c in token):
                    found.add(token)
    return sorted(found, key=lambda word: word.encode("utf-16-be"))


def language_scripts(languages: list[str]) -> list[Path]:
    """The scripts the theme's worker imports for the index's languages, in its order."""
    scripts = []
    for lang in languages:
        if lang == "ja":
            scripts.append(LUNR / "tinyseg.js")
        elif lang in ("hi", "th"):
            scripts.append(LUNR / "wordcut.js")
        if lang != "en":
            scripts.append(LUNR / "min" / f"lunr.{lang}.min.js")
    if len(languages) > 1:
        scripts.append(LUNR / "min" / "lunr.multi.min.js")
    return [LUNR / "min" / "lunr.stemmer.support.min.js", *scripts] if scripts else []


def engine_source(site: Path, languages: list[str]) -> str | None:
    """The theme's search worker with its language scripts built in, or None if one is missing.

    The worker asks for the language scripts with importScripts, which a blob: worker cannot
    load from file://; here importScripts runs the same scripts, included in the source.
    """
    workers = sorted((site / WORKERS).glob("search.*.min.js"))
    scripts = language_scripts(languages)
    if len(workers) != 1 or not all((site / s).is_file() for s in scripts):
        return None
    worker = SOURCE_MAP.sub("\n", workers[0].read_text(encoding="utf-8"))
    included = "\n;".join(SOURCE_MAP.sub("\n", (site / s).read_text(encoding="utf-8")) for s in scripts)
    loader = f"self.importScripts = function () {{\n{included}\n;self.importScripts = function () {{}};\n}};\n"
    return loader + worker


def js_string(text: str) -> str:
    """A JavaScript string literal of text."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def lighten(site: Path) -> None:
    """Rewrite the offline plugin's search/search_index.js of a built site, when there is one."""
    source = site / INDEX_JSON
    if not (site / INDEX_SCRIPT).is_file() or not source.is_file():
        return
    index = json.loads(source.read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    words = json.dumps(index_words(index), ensure_ascii=False, separators=(",", ":"))
    script = f"var __index = JSON.parse({js_string(text)});\nvar {WORDS_VARIABLE} = {words};\n"
    engine = engine_source(site, list(index["config"].get("lang") or []))
    if engine:
        script += f"var {ENGINE_VARIABLE} = {js_string(engine)};\n"
    (site / INDEX_SCRIPT).write_text(script, encoding="utf-8")
