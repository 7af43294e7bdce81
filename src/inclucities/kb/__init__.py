"""The knowledge base: the data contract (schema/), reading its files, loading and cross-file checks, new and synthetic ones."""
