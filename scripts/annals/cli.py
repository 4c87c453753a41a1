"""The `annals` command: check, build, serve, archive, verify."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .problems import Problem

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class ChineseParser(argparse.ArgumentParser):
    """argparse with usage errors in Chinese and exit status 2."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(f"用法错误：{message}\n运行 annals --help 查看全部命令和选项。", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def make_parser() -> ChineseParser:
    parser = ChineseParser(prog="annals", description="济宁市妇联资料站：检查记录、生成网站和离线存档。")
    parser.add_argument("--root", type=Path, default=Path("."), help="项目目录（包含 records/、docs/、mkdocs.yml），默认为当前目录")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    commands.add_parser("check", help="检查全部记录，列出所有问题")
    build = commands.add_parser("build", help="检查记录、生成页面并构建网站")
    build.add_argument("--audience", choices=["public", "internal"], default="public", help="public：公开网站（site/）；internal：内部参考（site-internal/）")
    build.add_argument("--engine", choices=["material", "zensical"], default="material", help="网站引擎：material（默认，正式使用）或 zensical（后继引擎，用于对照）")
    build.add_argument("--archive", action="store_true", help="同时构建离线存档（只检查一次记录）")
    serve = commands.add_parser("serve", help="本地预览，记录修改后自动刷新")
    serve.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
    serve.add_argument("--audience", choices=["public", "internal"], default="public", help="预览公开网站（默认）或内部参考")
    commands.add_parser("archive", help="构建离线存档（dist/ 下的 zip，附校验清单）")
    verify = commands.add_parser("verify", help="校验离线存档是否完整、未被改动")
    verify.add_argument("archive", type=Path, help="存档 zip 文件")
    commands.add_parser("schema", help="重新生成编辑器用的 JSON Schema（records/schema/）")
    draft = commands.add_parser("draft", help="从年鉴条目正文起草记录（写入 drafts/，供编辑审核）")
    draft.add_argument("file", metavar="FILE", help="条目正文：.txt（UTF-8、GBK 或 UTF-16）、.docx，或 - 表示从标准输入读取")
    draft.add_argument("--year", type=int, help="条目记述的年份；文中年份不明确时必须指定")
    draft.add_argument("--out", type=Path, default=Path("drafts"), help="草稿文件夹，默认 drafts/（不能是 records/）")
    edit = commands.add_parser("edit", help="在浏览器里编辑记录、审核草稿（Decap CMS），旁边是网站预览")
    edit.add_argument("--port", type=int, default=8010, help="编辑器端口，默认 8010")
    add_hosting_commands(commands)
    return parser


def add_hosting_commands(commands) -> None:
    """host, users, publish: serving the outputs (scripts/annals/host/)."""
    host = commands.add_parser("host", help="用 nginx 在本机按正式配置运行公开网站（https://127.0.0.1:端口/）和内部参考（端口+1）")
    host.add_argument("--port", type=int, default=8443, help="公开网站的 HTTPS 端口，默认 8443；内部参考用下一个端口")
    users = commands.add_parser("users", help="管理内部参考的用户名和密码（hosting.yml 的 internal.password_file）")
    actions = users.add_subparsers(dest="action", metavar="操作", parser_class=ChineseParser, required=True)
    add = actions.add_parser("add", help="添加用户或修改密码（密码在终端输入时不显示，或从标准输入读取第一行）")
    add.add_argument("name", metavar="NAME", help="用户名：英文字母、数字和 . _ @ -")
    remove = actions.add_parser("remove", help="删除用户")
    remove.add_argument("name", metavar="NAME", help="用户名")
    publish = commands.add_parser("publish", help="把构建好的网站整体发布到 nginx 提供网页的文件夹，保留上一版本以便回退")
    publish.add_argument("dest", metavar="DEST", type=Path, help="nginx 提供网页的文件夹（hosting.yml 的 public.folder 或 internal.folder）")
    publish.add_argument("--site", type=Path, help="要发布的网站文件夹，默认 site/（内部参考写 site-internal/）")
    publish.add_argument("--rollback", action="store_true", help="不发布，把 DEST 切回上一个版本")


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem)
    files = len({p.path for p in problems})
    print(f"\n共发现 {len(problems)} 个问题，涉及 {files} 个文件。请逐条修改后重新运行。")


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if not args.command:
        make_parser().print_help()
        return EXIT_USAGE
    root = args.root.resolve()
    if args.command != "verify" and not (root / "records").is_dir():
        print(f"用法错误：{root} 下没有 records/ 文件夹；请在项目目录运行，或用 --root 指定项目目录。", file=sys.stderr)
        return EXIT_USAGE
    handler = {"check": run_check, "build": run_build, "serve": run_serve, "archive": run_archive, "verify": run_verify, "schema": run_schema, "draft": run_draft, "edit": run_edit}
    handler.update(hosting_handlers())
    return handler[args.command](root, args)


def run_check(root: Path, args) -> int:
    from .validate import check

    catalog, problems = check(root)
    if problems:
        print_problems(problems)
        return EXIT_DATA
    print(f"检查通过：{len(catalog.records)} 条记录，没有发现问题。")
    return EXIT_OK


def guarded(action):
    """Run a build step; data problems and build failures become messages and exit 1."""
    from .build import BuildFailed, DataProblems

    try:
        action()
    except DataProblems as failure:
        print_problems(failure.problems)
        print("没有生成任何内容；上一次生成的网站和存档保持不变。")
        return EXIT_DATA
    except BuildFailed as failure:
        print(str(failure), file=sys.stderr)
        print("构建失败；上一次生成的网站和存档保持不变。", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("\n已中断；上一次生成的网站和存档保持不变。", file=sys.stderr)
        return EXIT_DATA
    except Exception as error:  # a crash: the outputs are safe, so say that instead of a traceback
        if os.environ.get("ANNALS_DEBUG"):
            raise
        print(f"程序内部错误：{type(error).__name__}: {error}", file=sys.stderr)
        print("构建失败；上一次生成的网站和存档保持不变。请把上面这行告诉维护人员（设置 ANNALS_DEBUG=1 可看到详细信息）。", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def run_build(root: Path, args) -> int:
    from .build import build_site

    from .build import checked_catalog

    def build_outputs() -> None:
        catalog = checked_catalog(root)  # once, for the site and the archive alike
        build_site(root, args.audience, catalog=catalog, engine=args.engine)
        if args.archive:
            from .archive import build_archive

            build_archive(root, catalog)

    return guarded(build_outputs)


def run_serve(root: Path, args) -> int:
    from .serve import serve

    return guarded(lambda: serve(root, args.audience, args.port))


def run_archive(root: Path, args) -> int:
    from .archive import build_archive

    return guarded(lambda: build_archive(root))


def run_verify(root: Path, args) -> int:
    from .archive import verify_archive

    return verify_archive(args.archive)


def run_schema(root: Path, args) -> int:
    from .editor_schema import write_schemas

    for path in write_schemas(root):
        print(f"已写入 {path.relative_to(root)}")
    return EXIT_OK


def run_draft(root: Path, args) -> int:
    from .draft import run_draft as draft

    if args.year is not None and not 1949 <= args.year <= 2100:
        print(f"用法错误：--year {args.year} 不在 1949–2100 之间；请写四位年份，例如 --year 2011", file=sys.stderr)
        return EXIT_USAGE
    return draft(root, args.file, args.year, args.out, complain=lambda text: print(text, file=sys.stderr))


def run_edit(root: Path, args) -> int:
    from .editor.server import edit

    return edit(root, args.port)


def hosting_handlers() -> dict:
    from .host.commands import run_host, run_publish, run_users

    return {"host": run_host, "users": run_users, "publish": run_publish}


if __name__ == "__main__":
    sys.exit(main())
