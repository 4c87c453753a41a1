"""The internal reference's password file: one `name:hash` line per person, as nginx's auth_basic reads it.

Hashes are SHA-512 crypt ($6$), made by libxcrypt's crypt(3), the same library Debian's nginx
calls to check them. nginx checks the password on every request, so the hash must be quick
to compute: $6$ takes about 3 ms, yescrypt ($y$) about 13 ms, bcrypt is slower still.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import getpass
import os
import re
import sys
from pathlib import Path

NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
MINIMUM_LENGTH = 10


class UsersFailed(ValueError):
    """A bad name or password, or no crypt(3); the message is in Chinese."""


def _libcrypt():
    path = ctypes.util.find_library("crypt") or "libcrypt.so.1"
    try:
        library = ctypes.CDLL(path)
    except OSError:
        raise UsersFailed("找不到系统的 libcrypt（Debian 软件包 libcrypt1），无法生成密码哈希；请安装：sudo apt-get install libcrypt1") from None
    library.crypt_gensalt.restype = ctypes.c_char_p
    library.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
    library.crypt.restype = ctypes.c_char_p
    library.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    return library


def password_hash(password: str) -> str:
    """A $6$ hash with a fresh random salt."""
    library = _libcrypt()
    salt = library.crypt_gensalt(b"$6$", 0, None, 0)
    hashed = library.crypt(password.encode("utf-8"), salt) if salt else None
    if not hashed or not hashed.startswith(b"$6$"):
        raise UsersFailed("系统的 crypt(3) 无法生成 SHA-512 密码哈希")
    return hashed.decode("ascii")


def password_matches(password: str, hashed: str) -> bool:
    """True when the password gives this hash (as nginx checks it)."""
    result = _libcrypt().crypt(password.encode("utf-8"), hashed.encode("ascii"))
    return bool(result) and result.decode("ascii") == hashed


def read_users(path: Path) -> list[tuple[str, str]]:
    """(name, hash) lines of the password file; comments and blank lines skipped."""
    if not path.is_file():
        return []
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and ":" in line:
            name, hashed = line.split(":", 1)
            pairs.append((name, hashed))
    return pairs


def write_users(path: Path, users: list[tuple[str, str]]) -> None:
    """Replace the file atomically, readable by its owner and group only (the web server's group)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.writelines(f"{name}:{hashed}\n" for name, hashed in users)
    if path.exists():  # keep the group an administrator gave the file (www-data)
        stat = path.stat()
        os.chmod(temporary, stat.st_mode & 0o777)
        if os.geteuid() == 0:
            os.chown(temporary, stat.st_uid, stat.st_gid)
    os.replace(temporary, path)


def check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise UsersFailed(f"用户名 '{name}' 不可用：只能用英文字母、数字和 . _ @ -（最多 64 个字符），例如 zhangsan")


def read_password(stdin=None) -> str:
    """The new password: typed twice without echo at a terminal, else the first line of standard input."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = getpass.getpass("新密码（输入时不显示）：")
        if getpass.getpass("再输入一次：") != first:
            raise UsersFailed("两次输入的密码不一致；请重新运行")
    else:
        first = stdin.readline().rstrip("\r\n")
    if len(first) < MINIMUM_LENGTH:
        raise UsersFailed(f"密码太短：至少 {MINIMUM_LENGTH} 个字符")
    if ":" in first or "\n" in first:
        raise UsersFailed("密码里不能有冒号或换行")
    return first


def add_user(path: Path, name: str, password: str) -> bool:
    """Add a user or change their password; True when the name is new."""
    check_name(name)
    users = read_users(path)
    new = name not in {n for n, _ in users}
    hashed = password_hash(password)
    users = [(n, hashed if n == name else h) for n, h in users] + ([(name, hashed)] if new else [])
    write_users(path, users)
    return new


def remove_user(path: Path, name: str) -> bool:
    """Remove a user; False when there is no such user."""
    users = read_users(path)
    kept = [(n, h) for n, h in users if n != name]
    if len(kept) == len(users):
        return False
    write_users(path, kept)
    return True
