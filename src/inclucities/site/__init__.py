"""The guide's generated pages: one module or folder per kind of page, their published addresses and the page registry."""
