"""A local test certificate for `annals host`: a private authority and a certificate for 127.0.0.1 it signs.

Made with Debian's openssl. Programs that should trust the local server (browsers in tests, the
Observatory scanner through NODE_EXTRA_CA_CERTS) are given the authority's certificate, ca.pem.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

DAYS = 397
RENEW_SECONDS = 30 * 86400
EXTENSIONS = (
    "basicConstraints=critical,CA:FALSE\n"
    "keyUsage=critical,digitalSignature\n"
    "extendedKeyUsage=serverAuth\n"
    "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
)


class CertificateFailed(RuntimeError):
    """openssl is missing or failed; the message says what to do, in Chinese."""


@dataclass(frozen=True)
class LocalCertificate:
    """Files of the local test certificate."""

    authority: Path
    certificate: Path
    key: Path


def local_certificate(folder: Path) -> LocalCertificate:
    """The test certificate in folder, made (or renewed when it expires within 30 days) as needed."""
    files = LocalCertificate(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")
    openssl = shutil.which("openssl")
    if all(p.is_file() for p in (files.authority, files.certificate, files.key)) and (
        not openssl or _valid_for_a_while(openssl, files.certificate)  # without openssl it cannot be checked; the files exist
    ):
        return files
    if not openssl:
        raise CertificateFailed("没有找到 openssl，无法生成本机测试证书；请安装：sudo apt-get install openssl（或在 hosting.yml 填写 certificate 和 certificate_key）")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    key_options = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    (folder / "server.ext").write_text(EXTENSIONS, encoding="ascii")
    _run([openssl, "req", "-x509", *key_options, "-days", str(DAYS * 3), "-subj", "/CN=annals local test authority",
          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
          "-keyout", "ca.key", "-out", "ca.pem"], folder)
    _run([openssl, "req", "-new", *key_options, "-subj", "/CN=127.0.0.1", "-keyout", "key.pem", "-out", "server.csr"], folder)
    _run([openssl, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
          "-days", str(DAYS), "-extfile", "server.ext", "-out", "cert.pem"], folder)
    for name in ("ca.key", "key.pem"):
        (folder / name).chmod(0o600)
    return files


def _valid_for_a_while(openssl: str, certificate: Path) -> bool:
    result = subprocess.run([openssl, "x509", "-checkend", str(RENEW_SECONDS), "-noout", "-in", str(certificate)], capture_output=True)
    return result.returncode == 0


def _run(command: list[str], folder: Path) -> None:
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        raise CertificateFailed(f"生成本机测试证书失败（openssl {command[1]}）：{result.stderr.strip()[-500:]}")
