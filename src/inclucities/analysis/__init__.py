"""Pure analyses of a knowledge base: scores, gaps, matching, recommendations, action plans and a city's own data."""
