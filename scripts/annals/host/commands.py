"""The hosting commands of `annals`: host, users, publish (exit 0 done, 1 refused or failed, 2 usage)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_FAILED


def run_host(root: Path, args) -> int:
    from .certificate import CertificateFailed
    from .run import HostFailed, host
    from .settings import SettingsInvalid

    if not 1 <= args.port <= 65534:
        print(f"用法错误：--port {args.port} 不可用；请写 1–65534 之间的端口（内部参考用下一个端口）", file=sys.stderr)
        return EXIT_USAGE
    try:
        return host(root, args.port)
    except (HostFailed, CertificateFailed, SettingsInvalid) as error:
        return _fail(str(error))


def run_users(root: Path, args) -> int:
    from .settings import SettingsInvalid, read_hosting
    from .users import UsersFailed, add_user, read_password, remove_user

    try:
        path = read_hosting(root).password_file
        if args.action == "add":
            new = add_user(path, args.name, read_password())
            print(f"{'已添加用户' if new else '已修改密码：'} {args.name}（密码文件 {path}）")
            return EXIT_OK
        if not remove_user(path, args.name):
            return _fail(f"没有用户 {args.name}（密码文件 {path}）；现有用户：{'、'.join(_names(path)) or '无'}")
        print(f"已删除用户 {args.name}（密码文件 {path}）")
        return EXIT_OK
    except (SettingsInvalid, UsersFailed) as error:
        return _fail(str(error))
    except (KeyboardInterrupt, EOFError):
        return _fail("\n已取消，密码文件没有改变。")


def _names(path: Path) -> list[str]:
    from .users import read_users

    return [name for name, _ in read_users(path)]


def run_publish(root: Path, args) -> int:
    from .publish import PublishRefused, publish, rollback
    from .settings import SettingsInvalid

    dest = Path(os.path.abspath(args.dest))
    try:
        if args.rollback:
            rollback(root, dest)
            return EXIT_OK
        source = Path(os.path.abspath(args.site)) if args.site else root / "site"
        publish(root, source, dest)
        return EXIT_OK
    except (PublishRefused, SettingsInvalid) as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return _fail(f"\n已中断；{dest} 仍是原来的版本。")
    except OSError as error:
        return _fail(f"发布失败：{error}；{dest} 仍是原来的版本。")
