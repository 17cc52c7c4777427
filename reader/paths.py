"""The one module that knows where the library, config and cache live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "localnews-reader"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    cache_root: Path | None = None  # None: a `cache` folder in the data dir (what --data-dir gives)

    @property
    def cache_dir(self) -> Path:
        """What can be made again (lead photos): XDG_CACHE_HOME, or DIR/cache with --data-dir."""
        return self.cache_root if self.cache_root is not None else self.data_dir / "cache"

    @property
    def database(self) -> Path:
        return self.data_dir / "library.sqlite"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """`--data-dir` keeps everything in one folder; otherwise the XDG directories are used."""
    if data_dir is not None:
        root = Path(data_dir).expanduser()
        return Paths(root, root)
    import platformdirs  # deferred: only the path resolution needs it

    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def sample_feeds_dir() -> Path:
    """The bundled offline demo feeds (beside the package in a source checkout or editable install)."""
    return Path(__file__).resolve().parent.parent / "sample_feeds"
