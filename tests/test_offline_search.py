"""The offline archive's search index: lighter to load, same words, its own worker thread."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annals.archive.search_index import ENGINE_VARIABLE, WORDS_VARIABLE, index_words
from browser import RequestLog, chromium, type_like_ime
from test_archive_browser import unzip_archive

SEARCH = "input.md-search__input"
RESULTS = "() => /\\d+ 个符合条件的结果/.test(document.querySelector('.md-search-result__meta')?.textContent || '')"
# chinese-search.js's wordList, as the browser computes it from the index (kept in step with it).
WORD_LIST = """separator => {
  const split = new RegExp(separator, "g");
  const found = new Set();
  for (const doc of __index.docs)
    for (const field of [doc.title, doc.text])
      for (const token of (field || "").replace(/<[^>]*>/g, " ").split(split))
        if (token.length > 0 && token.length <= 16 && !/\\P{sc=Han}/u.test(token))
          found.add(token);
  return [...found].sort();
}"""


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    return unzip_archive(tmp_path_factory, "offline-search") / "data"


def test_index_script_is_utf8_json_with_the_words_and_the_engine(unzipped: Path):
    script = (unzipped / "search/search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = JSON.parse(")
    assert "\\u" not in script.split(f"var {WORDS_VARIABLE}")[0].replace("\\\\u", "")  # Chinese as UTF-8, not escaped
    index = json.loads((unzipped / "search/search_index.json").read_text(encoding="utf-8"))
    words = index_words(index)
    assert {"春蕾", "维权"} <= set(words) and len(words) > 500
    assert f"var {WORDS_VARIABLE} = {json.dumps(words, ensure_ascii=False, separators=(',', ':'))};" in script
    assert f"var {ENGINE_VARIABLE} = " in script and "lunr.zh" not in script.split(f"var {ENGINE_VARIABLE}")[0]
    assert "sourceMappingURL" not in script


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


def test_words_made_at_build_time_are_the_words_the_browser_finds(unzipped: Path, browser):
    page = browser.new_page()
    page.goto((unzipped / "index.html").as_uri(), wait_until="load")
    page.wait_for_function("() => typeof __index !== 'undefined'")
    computed = page.evaluate(WORD_LIST, page.evaluate("() => __index.config.separator"))
    assert page.evaluate(f"() => window.{WORDS_VARIABLE}") == computed
    page.close()


@pytest.mark.parametrize("width", (390, 1280))
def test_search_runs_in_a_worker_thread_from_file(unzipped: Path, browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844}, offline=True)
    page = context.new_page()
    log = RequestLog(page)
    page.goto((unzipped / "index.html").as_uri())
    if width < 1220:
        page.locator("label.md-header__button[for=__search]").click()
    type_like_ime(page, SEARCH, "春蕾计划")
    page.wait_for_function(RESULTS, timeout=20_000)
    links = [a.get_attribute("href") for a in page.locator(".md-search-result__item a").all()]
    assert any("programmes/chunlei-plan.html" in link for link in links), links
    # Only the theme's own (idle) worker runs in a frame; the searching one is a real worker.
    frames = page.evaluate(
        "() => [...document.querySelectorAll('iframe')].map(f => f.contentDocument"
        " && [...f.contentDocument.scripts].some(s => /workers\\/search\\./.test(s.src)))"
    )
    assert frames.count(True) == 1, frames
    assert log.console_errors == [] and log.foreign("file://") == []
    context.close()
