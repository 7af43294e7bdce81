"""IncluCities guide kit: a knowledge base and methodology-guide builder for city-to-city mentoring."""

__version__ = "0.1.0"
