"""Live preview: MkDocs' server, with pages regenerated whenever a record changes.

The server rebuilds only the pages whose Markdown changed (MkDocs' dirty reload, which the theme's
search supports): a saved record reaches the preview within one to two seconds, thirty years of records
included: the theme's templates are compiled once, not on every rebuild, and changed pages are looked
for ten times a second. When pages come or go, every page is rebuilt, so that the navigation stays whole.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from .build import DataProblems, docs_dir, generate
from .config import config_path

POLL_SECONDS = 0.1


def records_state(root: Path) -> tuple:
    """Names, sizes and modification times of every record file."""
    return tuple(
        (str(p), p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted((root / "records").rglob("*.yml"))
    )


def regenerate(root: Path, audience: str) -> set[str] | None:
    """Regenerate pages and the configuration; on bad records print the problems and keep the old pages."""
    try:
        _, pages, report = generate(root, audience)
    except DataProblems as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        print(f"记录有 {len(failure.problems)} 个问题，页面未更新。", file=sys.stderr)
        return None
    if report.written or report.removed:
        print(f"记录已更新：重新生成 {len(report.written)} 个页面，删除 {len(report.removed)} 个。")
    return set(pages)


def watch_records(root: Path, audience: str, pages: set[str]) -> None:
    """Poll records/ and regenerate pages when anything changes."""
    state = records_state(root)
    while True:
        time.sleep(POLL_SECONDS)
        current = records_state(root)
        if current == state:
            continue
        state = current
        new_pages = regenerate(root, audience)
        if new_pages is not None and new_pages != pages:
            print("页面有增删：导航栏已随之更新。")
            touch_pages(docs_dir(root, audience))
            pages = new_pages


def touch_pages(docs: Path) -> None:
    """Mark every page as changed, so that the next rebuild renders them all with the new navigation."""
    for page in docs.rglob("*.md"):
        os.utime(page)


def compile_templates_once() -> None:
    """Keep the theme's compiled templates across rebuilds: MkDocs makes a new template environment each time,
    and compiling the theme again took a third of a rebuild. A template changed on disk is compiled anew."""
    import jinja2
    from mkdocs.theme import Theme

    class Compiled(jinja2.BytecodeCache):
        def __init__(self):
            self.kept: dict[str, bytes] = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.kept:
                bucket.bytecode_from_string(self.kept[bucket.key])

        def dump_bytecode(self, bucket):
            self.kept[bucket.key] = bucket.bytecode_to_string()

    compiled, theme_env = Compiled(), Theme.get_env

    def get_env(theme):
        env = theme_env(theme)
        env.bytecode_cache = compiled
        return env

    Theme.get_env = get_env


def look_for_changes_often(seconds: float = 0.1) -> None:
    """MkDocs' server looks for changed pages every half second; the preview has it look ten times a second."""
    from mkdocs.livereload import LiveReloadServer

    server_init = LiveReloadServer.__init__

    def init(server, *args, **kwargs):
        server_init(server, *args, **{**kwargs, "polling_interval": seconds})

    LiveReloadServer.__init__ = init


def serve(root: Path, audience: str, port: int) -> None:
    """Generate pages and the audience's configuration, then serve it on 127.0.0.1:port with live reload."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    compile_templates_once()
    look_for_changes_often()
    _, pages, _ = generate(root, audience)
    os.chdir(root)
    threading.Thread(target=watch_records, args=(root, audience, set(pages)), daemon=True).start()
    print(f"预览地址：http://127.0.0.1:{port}/  （修改 records/ 下的文件后页面会自动刷新；按 Ctrl+C 退出）")
    address = f"127.0.0.1:{port}"
    mkdocs_serve(
        config_file=str(config_path(root, audience)),  # the same file `annals build` builds; it reloads when rewritten
        dev_addr=address,
        site_url=f"http://{address}/",  # serve at the root, whatever the public address is
        strict=False,
        build_type="dirty",  # only the pages whose Markdown changed
    )
