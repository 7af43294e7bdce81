"""The data contract as typed models: one module per kind of record (see docs/data-contract.md)."""
