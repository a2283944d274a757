"""The lessons' figures as the site serves them: light, and the same pixels.

matplotlib draws PNGs; the notebook pages serve them as lossless WebP, which
keeps every pixel (the tests compare them) at about 40 % of the bytes, with
their width and height so that the page does not jump while they load. The
downloadable notebooks keep the PNGs. A conversion is kept in the course's
cache under the PNG's digest and the encoder's settings, so a build converts
only the figures that changed.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PIL import Image

# method=6 is WebP's slowest and smallest lossless encoding; the cache pays for it once per figure.
WEBP = {"lossless": True, "method": 6}


@dataclass(frozen=True)
class Figure:
    content: bytes
    suffix: str  # "webp", or the original's ("svg", "jpeg")
    width: int | None
    height: int | None


def served_figure(kind: str, content: bytes, cache: Path) -> Figure:
    """The figure to serve for a notebook image of `kind` ("png", "jpeg", "svg+xml")."""
    if kind != "png":
        return Figure(content, "svg" if kind == "svg+xml" else kind, None, None)
    key = hashlib.sha256(
        content + repr(sorted(WEBP.items())).encode() + metadata.version("pillow").encode()
    ).hexdigest()[:24]
    cached = cache / f"{key}.webp"
    with Image.open(io.BytesIO(content)) as image:
        width, height = image.size
        if not cached.exists():
            buffer = io.BytesIO()
            image.save(buffer, "WEBP", **WEBP)
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(buffer.getvalue())
    return Figure(cached.read_bytes(), "webp", width, height)
