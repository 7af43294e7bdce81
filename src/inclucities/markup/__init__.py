"""Writing text from the knowledge base safely into MyST Markdown and HTML: every escaper of the kit."""
