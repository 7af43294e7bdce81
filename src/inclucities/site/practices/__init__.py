"""The good-practice catalogue: a page per practice, the filterable catalogue, and the catalogue as open data."""
