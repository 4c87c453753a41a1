"""What a site engine printed, as the Chinese messages an editor can act on."""
from __future__ import annotations

import re


def engine_complaints(output: str) -> list[str]:
    """The warnings and errors an engine printed, in Chinese where known; else its last lines."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    flagged = [re.sub(r"^(WARNING|ERROR)\s*-\s*", "", line) for line in lines if re.match(r"^(WARNING|ERROR)\b", line)]
    shown = [explain_mkdocs(m) for m in flagged if not m.startswith("Aborted with")]
    return shown or [explain_mkdocs(line) for line in lines[-3:]] or ["网站引擎异常退出，没有输出"]


_MKDOCS_MESSAGES = [
    (r"Doc file '(.+?)' contains a link '(.+?)', but the target .*not found",
     "docs/{0}：链接 {1} 指向的页面不存在；请检查链接地址（相对于本页面），或删除这个链接"),
    (r"Doc file '(.+?)' contains a link '(.+?)', but the doc '(.+?)' does not contain an anchor '(.+?)'",
     "docs/{0}：链接 {1} 指向的位置 {3} 在 docs/{2} 里不存在；请检查 # 后面的锚点"),
    (r"Doc file '(.+?)' contains an absolute link '(.+?)'",
     "docs/{0}：链接 {1} 以 / 开头；请改成相对链接（例如 ../about.md）"),
    (r"Doc file '(.+?)' contains an unrecognized relative link '(.+?)'",
     "docs/{0}：无法识别的链接 {1}；请链接到 .md 文件"),
    (r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration:",
     "docs/ 中有页面没有出现在导航里"),
]


def explain_mkdocs(message: str) -> str:
    """MkDocs' common complaints in Chinese, with the original kept for reference."""
    for pattern, chinese in _MKDOCS_MESSAGES:
        match = re.search(pattern, message)
        if match:
            return chinese.format(*match.groups())
    return f"MkDocs：{message}"
