"""Stage 4, the 说明 pages: index.html beside data/, and 说明.html / 说明.txt on what the archive is and how to check it."""
from __future__ import annotations

import html
import unicodedata
from pathlib import Path

from .bag import PAYLOAD_MANIFEST, TAG_MANIFEST
from .facts import Facts


def write_readme(folder: Path, facts: Facts, pages: int) -> None:
    """Write the entry page and the 说明 in both forms beside data/."""
    files = len([p for p in (folder / "data").rglob("*") if p.is_file()])
    sections = readme_sections(facts, pages, files)
    (folder / "index.html").write_text(entry_page(facts), "utf-8")
    (folder / "说明.html").write_text(readme_html(facts, sections), "utf-8")
    (folder / "说明.txt").write_text(readme_text(facts, sections), "utf-8")


def readme_sections(facts: Facts, pages: int, files: int) -> list[tuple[str, list[str]]]:
    """The 说明 as (heading, paragraphs); a paragraph starting with "$ " is a command."""
    org, date, version = facts.organization, facts.date.isoformat(), facts.version
    return [
        ("这是什么", [
            f"这是{org}资料站的完整离线副本，共 {pages} 个网页：机构设置、发展规划、所获荣誉和历年工作记录。"
            "阅读和全文搜索都不需要网络，也不需要安装任何软件，有浏览器即可。",
        ]),
        ("怎样打开", [
            "解压后，用浏览器打开本文件夹中的 index.html（双击即可）。它会转到 data/index.html，即资料站首页；"
            "页面顶部的搜索框可以搜索全文。",
            "请保持文件夹结构不变：网页之间用相对路径互相链接。",
        ]),
        ("生成依据", [
            f"记录版本：{version}（由全部记录文件的内容计算得出：记录相同，版本相同）。",
            f"记录日期：{date}（记录最后一次提交的日期；没有提交历史时，取记录中最近一年的 12 月 31 日）。",
            "存档中不含生成时的时间，所有日期都取自记录。因此用同样的记录再次生成（命令 annals archive），"
            "得到的 zip 文件逐字节相同，可以互相核对。",
        ]),
        ("存档内容", [
            "index.html：入口，转到 data/index.html。",
            "说明.html、说明.txt：本说明。",
            f"data/：资料站本身，共 {files} 个文件。",
            "bagit.txt、bag-info.txt：BagIt 格式声明和存档信息（其中的 Bagging-Date 就是上面的记录日期）。BagIt 是国际通行的数字档案打包格式（RFC 8493）。",
            f"{PAYLOAD_MANIFEST}：data/ 中每个文件的 SHA-256 校验值。",
            f"{TAG_MANIFEST}：其余每个文件（包括本说明和 {PAYLOAD_MANIFEST}）的 SHA-256 校验值。",
        ]),
        ("怎样校验", [
            "方法一：用本项目的程序校验 zip 文件：",
            f"$ annals verify {facts.stem}.zip",
            "存档完整且未被改动时显示“校验通过”；否则逐个列出缺少、多出或被改动的文件。",
            "方法二：解压后，在本文件夹（bagit.txt 所在的文件夹）中运行系统自带的 sha256sum（macOS 上用 shasum -a 256 -c）：",
            f"$ sha256sum -c {TAG_MANIFEST}",
            f"$ sha256sum -c {PAYLOAD_MANIFEST}",
            f"每一行都应显示 OK（中文系统显示“成功”）。还要确认没有多出的文件：data/ 中应正好有 {files} 个文件，"
            f"与 {PAYLOAD_MANIFEST} 的行数相同：",
            "$ find data -type f | wc -l",
            "Windows 上可以在 PowerShell 中逐个核对，例如：",
            "$ Get-FileHash data\\index.html -Algorithm SHA256",
            "方法三：用 BagIt 的通用工具，例如美国国会图书馆的 bagit-python：",
            "$ bagit.py --validate 本文件夹",
            "建议在档案登记中另行记下整个 zip 文件的 SHA-256 值（生成存档时会显示），日后可以直接核对整个文件。",
        ]),
    ]


def readme_text(facts: Facts, sections: list[tuple[str, list[str]]]) -> str:
    """The 说明 as plain text, readable in any editor."""
    title = f"{facts.site_name} · 离线存档"
    lines = [title, "=" * width(title), ""]
    for heading, paragraphs in sections:
        lines += [heading, "-" * width(heading)]
        lines += [f"    {p[2:]}" if p.startswith("$ ") else p for p in paragraphs]
        lines.append("")
    return "\n".join(lines)


def width(text: str) -> int:
    """Columns a text takes in a monospaced font: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def readme_html(facts: Facts, sections: list[tuple[str, list[str]]]) -> str:
    """The 说明 as a self-contained HTML page."""
    title = html.escape(f"{facts.site_name} · 离线存档")
    body = [f"<h1>{title}</h1>", '<p><a href="data/index.html">打开资料站首页</a></p>']
    for heading, paragraphs in sections:
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body += [
            f"<pre><code>{html.escape(p[2:])}</code></pre>" if p.startswith("$ ") else f"<p>{html.escape(p)}</p>"
            for p in paragraphs
        ]
    return page(title, "\n".join(body))


def entry_page(facts: Facts) -> str:
    """index.html beside data/: goes to the site's home page."""
    title = html.escape(f"{facts.site_name}（离线存档）")
    body = (
        '<p>正在打开资料站……如果没有自动跳转，请点击<a href="data/index.html">资料站首页</a>。'
        '存档的内容和校验方法见<a href="说明.html">说明</a>。</p>'
    )
    return page(title, body, head='<meta http-equiv="refresh" content="0; url=data/index.html">')


def page(title: str, body: str, head: str = "") -> str:
    """A minimal standalone HTML page in Chinese with system fonts."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{head}<title>{title}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.7}"
        "pre{background:#f5f5f5;padding:.5em 1em;white-space:pre-wrap;overflow-wrap:anywhere}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
