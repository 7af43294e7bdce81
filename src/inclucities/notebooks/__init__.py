"""Notebook runs: planning, cache keys, warm kernels, parallel execution, cleaning; report/ is what notebooks display."""
