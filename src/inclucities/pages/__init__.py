"""Page generators: each turns the knowledge base into MyST Markdown pages under `_generated/`."""
