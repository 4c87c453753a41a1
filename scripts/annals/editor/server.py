"""`annals edit`: Decap CMS in the browser, its file proxy, the live preview, and the check after each save.

Everything listens on 127.0.0.1. The browser talks only to this server: it serves the CMS page, the
configuration generated from the schema and Decap's files from node_modules/; it answers Decap's backend
calls itself when they write (normalised, atomic, only under records/ and drafts/) and passes the reads on
to decap-server's file middleware, which runs on an internal port behind a guard (backend.js) that answers
nothing but this server.
"""
from __future__ import annotations

import json
import mimetypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..schema import DECLARED_KINDS
from .config import name_field_of, write_config
from .records import Refused, kind_of, new_id, normalise, resolve_inside, write_atomic

STATIC = Path(__file__).parent / "static"
HOST = "127.0.0.1"
READ_ACTIONS = {"info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia", "getMediaFile", "getDeployPreview"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return True
        time.sleep(0.1)
    return False


class Editor:
    """The state shared by requests: where things are and what the last check found."""

    def __init__(self, root: Path, port: int, backend_port: int, preview_port: int | None):
        self.root = root
        self.port = port
        self.backend_port = backend_port
        self.preview_port = preview_port
        self.lock = threading.Lock()
        self.writing = threading.Lock()  # one save or acceptance at a time, each followed by its check
        self.status: dict = {}
        self.check()

    @property
    def preview_url(self) -> str | None:
        return f"http://{HOST}:{self.preview_port}/" if self.preview_port else None

    def check(self, saved: str | None = None) -> dict:
        """Run the whole-record check (and the draft's own check when a draft was saved); keep the result."""
        from ..validate import check

        started = time.perf_counter()
        catalog, problems = check(self.root)
        lines = [str(problem) for problem in problems]
        draft_lines = []
        if saved and saved.startswith("drafts/"):
            draft_lines = [str(problem) for problem in draft_problems(self.root, saved)]
        if problems:
            files = len({problem.path for problem in problems})
            summary = f"记录有 {len(problems)} 个问题，涉及 {files} 个文件；预览保持上一次通过检查的版本。请逐条修改后保存。"
        else:
            summary = f"检查通过：{len(catalog.records)} 条记录，没有发现问题。"
        status = {
            "ok": not problems, "summary": summary, "problems": lines, "draft_problems": draft_lines,
            "saved": saved, "seconds": round(time.perf_counter() - started, 3), "checked_at": time.time(),
        }
        with self.lock:
            self.status = status
        return status

    def persist(self, params: dict) -> dict:
        """Decap's persistEntry: every data file normalised and written atomically, then the check."""
        with self.writing:
            return self._persist(params)

    def accept(self, relative: str) -> dict:
        """Move the reviewed parts of a draft into records/, then the check."""
        from .accept import accept

        with self.writing:
            message = accept(self.root, relative)
            return {"message": message, "status": self.check()}

    def _persist(self, params: dict) -> dict:
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        if params.get("assets"):
            raise Refused("编辑器不保存图片或附件；请只填写文字")
        if not files:
            raise Refused("没有收到要保存的内容")
        planned = []
        for item in files:
            relative = item["path"]
            target = resolve_inside(self.root, relative)
            if item.get("newPath"):
                raise Refused(f"不能把 {relative} 改名；记录编号（文件名）新建后保持不变")
            if (params.get("options") or {}).get("newEntry") and target.exists():
                raise Refused(f"{relative} 已经存在；新记录不会覆盖已有的记录，请换一个名称")
            old = target.read_text(encoding="utf-8") if target.exists() else None
            text = normalise(relative, item.get("raw", ""), old)
            planned.append((relative, target, text))
        written = []
        for relative, target, text in planned:
            if text is not None:
                write_atomic(target, text)
                written.append(relative)
        status = self.check(saved=planned[0][0])
        return {"message": "entry persisted", "written": written, "status": status}

    def delete(self, paths: list[str]) -> None:
        """Only drafts can be deleted from the editor."""
        for relative in paths:
            top, _kind = kind_of(relative)
            if top != "drafts":
                raise Refused(f"不能在编辑器里删除 {relative}：records/ 下的记录请用版本管理删除")
            resolve_inside(self.root, relative)

    def forward(self, body: bytes) -> tuple[int, bytes]:
        """Pass a read on to decap-server."""
        request = urllib.request.Request(
            f"http://{HOST}:{self.backend_port}/api/v1", data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def draft_problems(root: Path, relative: str) -> list:
    """What the records check would say about one draft file, review marks aside."""
    from ..load import load_file
    from ..validate import validate_data

    try:
        _top, kind = kind_of(relative)
    except Refused:
        return []
    path = root / relative
    if not path.exists():
        return []
    loaded = load_file(path, relative)
    problems = list(loaded.problems)
    if not problems:
        validate_data(kind, loaded, problems)
    return problems


class Handler(BaseHTTPRequestHandler):
    editor: Editor
    server_version = "annals-edit"

    def log_message(self, format, *args):  # quiet: the terminal shows what matters
        pass

    # -- safety -------------------------------------------------------------------------------
    def own_origins(self) -> set[str]:
        port = self.editor.port
        return {f"http://{HOST}:{port}", f"http://localhost:{port}"}

    def allowed(self) -> bool:
        """Only requests addressed to this server by name, and (for writes) sent by its own pages."""
        host = self.headers.get("Host", "")
        if f"http://{host}" not in self.own_origins():
            self.reply_json(HTTPStatus.FORBIDDEN, {"error": f"拒绝：请求的地址 {host!r} 不是编辑器的地址"})
            return False
        origin = self.headers.get("Origin")
        if self.command == "POST" and origin not in self.own_origins():
            self.reply_json(HTTPStatus.FORBIDDEN, {"error": f"拒绝：来自 {origin!r} 的请求；编辑器只接受它自己页面的请求"})
            return False
        if origin is not None and origin not in self.own_origins():
            self.reply_json(HTTPStatus.FORBIDDEN, {"error": f"拒绝：来自 {origin!r} 的请求"})
            return False
        return True

    # -- replies ------------------------------------------------------------------------------
    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.end_headers()
        self.wfile.write(body)

    def reply_json(self, status: int, data) -> None:
        self.reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def send_file(self, path: Path) -> None:
        if not path.is_file():
            self.reply_json(HTTPStatus.NOT_FOUND, {"error": "没有这个文件"})
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "text/javascript"):
            kind += "; charset=utf-8"
        self.reply(HTTPStatus.OK, path.read_bytes(), kind)

    # -- routes -------------------------------------------------------------------------------
    def do_GET(self):
        if not self.allowed():
            return
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            self.send_file(STATIC / "index.html")
        elif path == "/config.yml":
            written = write_config(self.editor.root, self.editor.preview_url)  # anew on each load: new departments show
            self.reply(HTTPStatus.OK, written.read_bytes(), "text/yaml; charset=utf-8")
        elif path.startswith("/cms/"):
            self.send_inside(self.editor.root / "node_modules" / "decap-cms" / "dist", path[len("/cms/"):])
        elif path.startswith("/editor/") and not path.startswith("/editor/api/"):
            self.send_inside(STATIC, path[len("/editor/"):])
        elif path == "/editor/api/status":
            with self.editor.lock:
                status = dict(self.editor.status)
            self.reply_json(HTTPStatus.OK, status)
        elif path == "/editor/api/info":
            names = {kind.name: name_field_of(kind.name) for kind in DECLARED_KINDS}
            self.reply_json(HTTPStatus.OK, {"preview": self.editor.preview_url, "name_fields": names})
        else:
            self.reply_json(HTTPStatus.NOT_FOUND, {"error": "没有这个页面"})

    def send_inside(self, base: Path, relative: str) -> None:
        target = (base / relative).resolve()
        if base.resolve() not in target.parents:
            self.reply_json(HTTPStatus.NOT_FOUND, {"error": "没有这个文件"})
            return
        self.send_file(target)

    def do_POST(self):
        if not self.allowed():
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > 8 * 1024 * 1024:
            self.reply_json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "内容太大"})
            return
        body = self.rfile.read(length)
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            self.reply_json(HTTPStatus.BAD_REQUEST, {"error": "请求不是 JSON"})
            return
        path = self.path.split("?", 1)[0]
        try:
            if path == "/api/v1":
                self.backend(request, body)
            elif path == "/editor/api/new-id":
                kind = str(request.get("collection", ""))
                self.reply_json(HTTPStatus.OK, {"id": new_id(self.editor.root, kind, str(request.get("name") or ""))})
            elif path == "/editor/api/accept":
                self.reply_json(HTTPStatus.OK, self.editor.accept(str(request.get("path", ""))))
            else:
                self.reply_json(HTTPStatus.NOT_FOUND, {"error": "没有这个接口"})
        except Refused as refused:
            self.reply_json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(refused)})

    def backend(self, request: dict, body: bytes) -> None:
        action = request.get("action")
        params = request.get("params") or {}
        if action == "persistEntry":
            self.reply_json(HTTPStatus.OK, self.editor.persist(params))
        elif action in ("deleteFile", "deleteFiles"):
            self.editor.delete([params["path"]] if action == "deleteFile" else list(params.get("paths", [])))
            status, answer = self.editor.forward(body)
            self.editor.check()
            self.reply(status, answer, "application/json; charset=utf-8")
        elif action in READ_ACTIONS:
            status, answer = self.editor.forward(body)
            self.reply(status, answer, "application/json; charset=utf-8")
        else:
            raise Refused(f"编辑器不支持这个操作：{action}")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # the browser leaving a page is not an error


def die_with_parent() -> None:
    """In the child, before it starts: Linux ends it when the editor ends, even if the editor is killed."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: Ctrl-C and SIGTERM still stop the children


def start_child(command: list[str], env: dict | None = None, log=None) -> subprocess.Popen:
    """A child process in its own process group, so that stopping it stops what it started."""
    return subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT if log else None, start_new_session=True, preexec_fn=die_with_parent
    )


def stop_child(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()


def edit(root: Path, port: int, preview: bool = True) -> int:
    """Start the editor, decap-server behind it and the preview; serve until Ctrl-C, then stop all of them."""
    modules = root / "node_modules"
    if shutil.which("node") is None:
        print("找不到 Node.js（node 命令）；请先安装 Node.js 和 npm，再运行 make deps。", file=sys.stderr)
        return 1
    if not (modules / "decap-cms" / "dist" / "decap-cms.js").is_file() or not (modules / "decap-server" / "dist" / "middlewares.js").is_file():
        print("找不到 Decap CMS（node_modules/decap-cms、node_modules/decap-server）；请先运行 make deps 安装。", file=sys.stderr)
        return 1
    try:
        httpd = QuietServer((HOST, port), Handler)
    except OSError as error:
        print(f"无法使用端口 {port}（{error.strerror}）；请用 --port 指定另一个端口。", file=sys.stderr)
        return 2
    port = httpd.server_address[1]
    backend_port = free_port()
    preview_port = free_port() if preview else None
    log_folder = root / ".cache" / "annals" / "editor"
    log_folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ, "MODE": "fs", "GIT_REPO_DIRECTORY": str(root), "PORT": str(backend_port), "BIND_HOST": HOST,
        "ORIGIN": f"http://{HOST}:{port}", "LOG_LEVEL": "warn", "ANNALS_NODE_MODULES": str(modules.resolve()),
    }
    children = []
    with open(log_folder / "decap-server.log", "ab") as backend_log, open(log_folder / "preview.log", "ab") as preview_log:
        try:
            children.append(start_child(["node", str(STATIC.parent / "backend.js")], env=env, log=backend_log))
            if preview_port:
                command = [sys.executable, "-m", "annals", "--root", str(root), "serve", "--port", str(preview_port)]
                children.append(start_child(command, log=preview_log))
            if not wait_for_port(backend_port, 30):
                print("decap-server 没有启动；详情见 .cache/annals/editor/decap-server.log", file=sys.stderr)
                return 1
            Handler.editor = Editor(root, port, backend_port, preview_port)
            print(f"编辑器地址：http://{HOST}:{port}/", flush=True)
            if preview_port:
                print(f"网站预览：http://{HOST}:{preview_port}/ （保存后自动更新；检查不通过时保持上一次的版本）", flush=True)
            print("按 Ctrl+C 退出（同时关闭预览和文件代理）。", flush=True)
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            worker = threading.Thread(target=httpd.serve_forever, daemon=True)
            worker.start()
            try:
                while not stop.wait(0.5):
                    pass
            except KeyboardInterrupt:
                pass
            httpd.shutdown()
            print("\n编辑器已关闭。", flush=True)
            return 0
        finally:
            httpd.server_close()
            for child in children:
                stop_child(child)
