"""Make the vendored ReDoc bundle from drf-spectacular-sidecar's copy, patched for a strict CSP.

- ReDoc creates <style> elements at run time (styled-components, and webpack's style-loader for
  its bundled CSS). Both take the nonce from webpack's `__webpack_require__.nc`, which nothing
  outside the bundle can set, so under `style-src 'self'` every one of them is refused. The two
  reads fall back to `globalThis.redocCspNonce`.
- ReDoc starts its search worker from a blob: URL, which `script-src 'self'` refuses. The
  worker's code is written to redoc.search-worker.js and started from
  `globalThis.redocSearchWorkerUrl` instead.
- The "API docs by Redocly" footer shows a logo from cdn.redoc.ly (`img-src` refuses it, and the
  portal loads nothing from another site): the image is left out, the link stays.

static/api/redoc-init.js sets both globals from the page's meta elements before the bundle loads.
The source maps are not copied (they would no longer match), so their URL comments are dropped.

Run from the repository root with the project's virtualenv, after upgrading the sidecar:

    python static/vendor/redoc/patch_redoc.py

then update the versions in README.md here, run collectstatic and the browser tests.
"""

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

import drf_spectacular_sidecar

HERE = Path(__file__).resolve().parent
SOURCE = Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar/redoc"
BUNDLE = "redoc.standalone.js"
WORKER = "redoc.search-worker.js"

REPLACEMENTS = [
    # styled-components' getNonce()
    ("ao=function(){return r.nc}", "ao=function(){return r.nc||globalThis.redocCspNonce}"),
    # style-loader's setAttributesWithoutAttributes()
    ("var t=n.nc;t&&e.setAttribute(", "var t=n.nc||globalThis.redocCspNonce;t&&e.setAttribute("),
    # the "API docs by Redocly" footer's logo, an image from cdn.redoc.ly: left out
    (
        'e?n.createElement("img",{alt:"redocly logo",onError:()=>t(!1),'
        'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"}):null',
        "null",
    ),
    ("\n//# sourceMappingURL=redoc.standalone.js.map", "\n"),
]
# workerize-loader's inline worker: new Worker(URL.createObjectURL(new Blob(['<code>'])),...)
WORKER_BLOB = re.compile(r"new Worker\(URL\.createObjectURL\(new Blob\(\['((?:[^'\\]|\\.)*)'\]\)\)")
WORKER_FROM_URL = "new Worker(globalThis.redocSearchWorkerUrl"
WORKER_MAP = re.compile(r"\n//# sourceMappingURL=\w+\.worker\.js\.map$")
JS_ESCAPES = {"\\": "\\", "'": "'", "n": "\n"}  # the only ones the sidecar's literal uses


def fail(message: str) -> None:
    sys.exit(f"{BUNDLE}: {message}")


def replace_once(text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        fail(f"expected {old!r} exactly once, found it {count} times")
    return text.replace(old, new)


def unescape(literal: str) -> str:
    def one(match: re.Match) -> str:
        if match.group(1) not in JS_ESCAPES:
            fail(f"unexpected escape \\{match.group(1)} in the worker's code")
        return JS_ESCAPES[match.group(1)]

    return re.sub(r"\\(.)", one, literal, flags=re.DOTALL)


def main() -> int:
    text = (SOURCE / "bundles" / BUNDLE).read_text(encoding="utf-8")
    blobs = list(WORKER_BLOB.finditer(text))
    if len(blobs) != 1:
        fail(f"expected the inline search worker exactly once, found it {len(blobs)} times")
    worker, count = WORKER_MAP.subn("\n", unescape(blobs[0].group(1)))
    if count != 1:
        fail("expected one source-map comment at the end of the search worker")
    text = text[: blobs[0].start()] + WORKER_FROM_URL + text[blobs[0].end() :]
    for old, new in REPLACEMENTS:
        text = replace_once(text, old, new)
    (HERE / BUNDLE).write_text(text, encoding="utf-8")
    (HERE / WORKER).write_text(worker, encoding="utf-8")
    shutil.copyfile(SOURCE / "bundles" / f"{BUNDLE}.LICENSE.txt", HERE / f"{BUNDLE}.LICENSE.txt")
    shutil.copyfile(SOURCE / "LICENSE", HERE / "LICENSE")
    version = metadata.version("drf-spectacular-sidecar")
    print(f"wrote {BUNDLE} and {WORKER} in {HERE} from drf-spectacular-sidecar {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
