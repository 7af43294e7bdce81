"""The data contract as pydantic models, one module per kind of record; messages.py words their errors.

Every field has a `Field(description=...)` and every file's model a docstring, written as plain sentences with
`code` spans only: the guide's data-contract chapter and the tables of docs/data-contract.md are generated from
them (`inclucities.site.contract`), so they say what `inclucities check` accepts."""
