"""The data contract as pydantic models, one module per kind of record; messages.py words their errors."""
