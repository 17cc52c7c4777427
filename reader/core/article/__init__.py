"""HTML or text → a Reading: clean Markdown text, quotes, reactions and the author's bio."""
