"""nginx configuration text for the public site and the internal reference (pure: values in, text out)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .policy import content_security_policy, security_headers

HEADER = (
    "# 由 annals {command} 根据 hosting.yml 和网站页面生成，请勿手工修改（改 hosting.yml 后重新运行）。\n"
    "# Generated; edits are overwritten. Content-Security-Policy hashes come from the built pages.\n"
)
# Types nginx sends, with a charset for the text ones (downloads open in Excel/WPS without garbling).
TYPES = {
    "text/html": "html htm",
    "text/css": "css",
    "application/javascript": "js mjs",
    "application/json": "json map",
    "text/csv": "csv",
    "text/plain": "txt",
    "application/xml": "xml",
    "image/svg+xml": "svg svgz",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/webp": "webp",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "font/woff": "woff",
    "application/manifest+json": "webmanifest",
    "application/gzip": "gz",
    "application/zip": "zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
CHARSET_TYPES = "text/css text/csv text/plain application/javascript application/json application/xml image/svg+xml application/manifest+json"
GZIP_TYPES = "text/css text/csv text/plain application/javascript application/json application/xml image/svg+xml application/manifest+json"
# Material's bundles carry a content hash in their names: cached for a year, never revalidated.
FINGERPRINTED = r'"\.[0-9a-f]{8,}\.min\.(?:js|css)$"'
REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
INTERNAL_CACHE = "private, no-cache"
ROBOTS_DENY_ALL = "User-agent: *\\nDisallow: /\\n"
UNAUTHORIZED_PAGE = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>需要登录</title>'
    "<h1>内部参考：需要用户名和密码</h1>"
    "<p>本站仅供市妇联工作人员使用。请向网站管理员索取用户名和密码。</p></html>"
)


@dataclass(frozen=True)
class Server:
    """One site: where it listens, what it serves, and who may see it."""

    name: str
    root: Path
    https_listen: str  # "443" or "127.0.0.1:8443"
    https_port: int
    http_listen: str | None
    path: str  # site_url's path: links of the 404 page start with it
    certificate: Path
    certificate_key: Path
    script_hashes: list[str]
    style_hashes: list[str]
    internal: bool = False
    password_file: Path | None = None
    networks: tuple[str, ...] = field(default_factory=tuple)


def quoted(value: str) -> str:
    """An nginx string argument."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header_lines(server: Server, cache: str | None, indent: str) -> list[str]:
    """add_header lines; nginx drops a level's headers when an inner level adds its own, so each level repeats them."""
    policy = content_security_policy(server.script_hashes, server.style_hashes)
    pairs = security_headers(policy, server.internal)
    if cache:
        pairs = [*pairs, ("Cache-Control", cache)]
    return [f"{indent}add_header {name} {quoted(value)} always;" for name, value in pairs]


def https_redirect(server: Server) -> str:
    """Where plain HTTP goes: the same address over HTTPS."""
    port = "" if server.https_port == 443 else f":{server.https_port}"
    return f"https://$host{port}$request_uri"


def render_server(server: Server) -> str:
    """The server blocks of one site."""
    page_cache = INTERNAL_CACHE if server.internal else REVALIDATE
    lines = [
        "server {",
        f"    listen {server.https_listen} ssl http2;",
        f"    server_name {server.name};",
        f"    ssl_certificate {quoted(str(server.certificate))};",
        f"    ssl_certificate_key {quoted(str(server.certificate_key))};",
        "    ssl_protocols TLSv1.2 TLSv1.3;",
        "    ssl_prefer_server_ciphers off;",
        "    ssl_session_cache shared:annals_tls:10m;",
        "    ssl_session_timeout 1d;",
        "    ssl_session_tickets off;",
        "    server_tokens off;",
        "    # Plain HTTP sent to the HTTPS port (status 497) goes to HTTPS too.",
        f"    error_page 497 =301 {https_redirect(server)};",
        "    error_page 404 /404.html;",
        f"    root {quoted(str(server.root))};",
        "    index index.html;",
        "    absolute_redirect off;",
        "    charset utf-8;",
        f"    charset_types {CHARSET_TYPES};",
        "    gzip on;",
        "    gzip_vary on;",
        "    gzip_min_length 256;",
        f"    gzip_types {GZIP_TYPES};",
        "    default_type application/octet-stream;",
        "    types {",
        *[f"        {kind} {extensions};" for kind, extensions in TYPES.items()],
        "    }",
        *header_lines(server, None, "    "),
    ]
    if server.internal:
        lines += [
            *[f"    allow {network};" for network in server.networks],
            *(["    deny all;"] if server.networks else []),
            '    auth_basic "jnfl internal";',  # ASCII: browsers differ on other characters in the realm
            f"    auth_basic_user_file {quoted(str(server.password_file))};",
        ]
    lines += [
        "    location / {",
        *header_lines(server, page_cache, "        "),
        "    }",
        f"    location ~* {FINGERPRINTED} {{",
        *header_lines(server, INTERNAL_CACHE if server.internal else IMMUTABLE, "        "),
        "    }",
        "    # Dot files (the build's manifest among them) are never served.",
        "    location ~ /\\. {",
        "        return 404;",
        "    }",
    ]
    if server.path != "/":
        lines += [
            f"    # The pages' own address path ({server.path}) maps to the root, as the 404 page links it.",
            f"    location ^~ {server.path} {{",
            f"        rewrite ^{server.path}(.*)$ /$1 last;",
            "    }",
        ]
    if server.internal:
        lines += [
            "    # Who has no password reads why, in Chinese (the browser still asks for the password).",
            "    error_page 401 /annals-401.html;",
            "    location = /annals-401.html {",
            "        internal;",
            "        auth_basic off;",
            "        default_type text/html;",
            *header_lines(server, "no-store", "        "),
            f"        return 401 {quoted(UNAUTHORIZED_PAGE)};",
            "    }",
            "    # Search engines: nothing to index; the internal pages are in no sitemap.",
            "    location = /robots.txt {",
            "        auth_basic off;",
            "        default_type text/plain;",
            *header_lines(server, REVALIDATE, "        "),
            f'        return 200 "{ROBOTS_DENY_ALL}";',
            "    }",
            "    location ~ ^/sitemap\\.xml(\\.gz)?$ {",
            "        return 404;",
            "    }",
        ]
    lines.append("}")
    if server.http_listen:
        lines += [
            "server {",
            f"    listen {server.http_listen};",
            f"    server_name {server.name};",
            "    server_tokens off;",
            *header_lines(server, None, "    "),
            f"    return 301 {https_redirect(server)};",
            "}",
        ]
    return "\n".join(lines) + "\n"


def render_servers(servers: list[Server], command: str) -> str:
    """The http-level configuration of both sites (what a server's conf.d includes)."""
    return HEADER.format(command=command) + "\n".join(render_server(server) for server in servers)


def render_main(servers_text: str, prefix: Path, user: tuple[str, str] | None) -> str:
    """A complete nginx.conf for a foreground nginx whose files all stay under prefix."""
    lines = [
        HEADER.format(command="host").rstrip("\n"),
        "daemon off;",
        "master_process on;",
        "worker_processes 1;",
        f"pid {quoted(str(prefix / 'nginx.pid'))};",
        f"error_log {quoted(str(prefix / 'logs' / 'error.log'))} warn;",
    ]
    if user:
        lines.append(f"user {user[0]} {user[1]};")
    lines += [
        "events {",
        "    worker_connections 256;",
        "}",
        "http {",
        f"    access_log {quoted(str(prefix / 'logs' / 'access.log'))};",
        *[f"    {kind}_temp_path {quoted(str(prefix / 'temp' / kind))};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")],
        "    sendfile on;",
        *["    " + line if line else "" for line in servers_text.splitlines()],
        "}",
    ]
    return "\n".join(lines) + "\n"
