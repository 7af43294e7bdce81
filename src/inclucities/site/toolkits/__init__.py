"""The integrated toolkits: a chapter per toolkit, its spreadsheet templates and its downloadable bundle."""
