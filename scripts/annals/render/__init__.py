"""Pure rendering: catalog in, Markdown pages out. Never reads files or the clock."""
