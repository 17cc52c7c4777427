"""The headless core: fetching, parsing, storage and reading. Never imports textual or rich."""
