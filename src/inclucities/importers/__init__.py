"""Importers of official statistics into a knowledge base's indicator tables."""
