"""localnews-reader: a terminal reader for local news with quotes, reactions and author bios."""

__version__ = "0.1.0"
