"""The pull-request bot's question: how large are the images before and after a rewrite?

Two builds and their sizes, no more: no bisection, no attribution.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .builds import DEFAULT_TIMEOUT
from .dockerfile import final_base
from .engine import Engine, EngineError, engine_of
from .image_config import config_changes, inherited_config


def measure(path: str, original: str, fixed: str, engine: Engine | str | None = None,
            timeout: float = DEFAULT_TIMEOUT) -> dict | None:
    """The pull-request bot's question: image sizes of `original` and `fixed`, built from the
    Dockerfile's folder. {"before": bytes, "after": bytes}; {"ok": False, "reason": ...} when
    the rewrite does not build or changes the image config; None when nothing can be measured
    (no engine, or the original does not build)."""
    try:
        eng = engine_of(engine)
        eng.ping()
    except EngineError:
        return None
    context = os.path.dirname(os.path.abspath(path))
    digest = hashlib.sha256(f"{path}\0{original}\0{fixed}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    tags, images = [], {}
    with tempfile.TemporaryDirectory(prefix="dockslim-measure-") as tmp:
        try:
            for label, text in (("before", original), ("after", fixed)):
                dockerfile = os.path.join(tmp, label, os.path.basename(path))
                os.makedirs(os.path.dirname(dockerfile))
                Path(dockerfile).write_text(text, encoding="utf-8")
                tag = f"dockslim-verify/{digest}:{label}"
                result = eng.build(dockerfile, context, tag, timeout, lambda line: None)
                if not result.ok:
                    return None if label == "before" else {"ok": False, "reason": f"the rewrite does not build: {result.error}"}
                tags.append(tag)
                images[label] = eng.inspect(tag)
        finally:
            eng.remove_images(tags)
    changes = config_changes(images["before"].get("Config") or {}, images["after"].get("Config") or {},
                             inherited_config(eng, final_base(original)), inherited_config(eng, final_base(fixed)))
    if changes:
        return {"ok": False, "reason": f"the rewrite changes the image config ({', '.join(c['field'] for c in changes)})"}
    return {"before": int(images["before"].get("Size") or 0), "after": int(images["after"].get("Size") or 0)}
