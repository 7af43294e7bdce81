"""What the notebooks display: each function returns an object Jupyter shows (HTML with escaped text).

Notebooks stay thin: a cell calls one of these functions. All text from the knowledge base is escaped here.
"""
