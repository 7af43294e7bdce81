"""Compiling the guide with Jupyter Book 1 (Sphinx): configuration, runner, extension, sidebars, stamp and publishing."""
