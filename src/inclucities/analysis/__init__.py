"""Analyses of a knowledge base: pure functions from the validated model to pandas tables."""
