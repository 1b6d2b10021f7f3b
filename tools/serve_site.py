"""Serve a built site on 127.0.0.1 the way a static host does: gzip for text.

The standard library's ``http.server`` sends every file uncompressed; a real
host (GitHub Pages, a CDN) compresses HTML, CSS, JavaScript and JSON. The bench
measures what a reader downloads, so it needs the compressed sizes.

    python -m tools.serve_site SITE_DIR [--port 8000]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import threading
from pathlib import Path
from typing import ClassVar

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; gzip for text types when the client accepts it."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".json": "application/json",
        ".xml": "text/xml",
    }

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects to the trailing slash
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        kind = self.guess_type(str(path))
        if not (accepts and path.is_file() and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@functools.cache
def _gzipped(path: Path, _mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def start(directory: Path, port: int = 0) -> tuple[http.server.HTTPServer, str]:
    """Serve ``directory`` in a background thread; returns the server and its URL."""
    handler = functools.partial(SiteHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server, url = start(args.directory, args.port)
    print(f"Serving {args.directory} on {url} (Ctrl+C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
