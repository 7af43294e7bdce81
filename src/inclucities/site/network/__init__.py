"""The network page: cities, pairs, the map, the pairs diagram and the mentoring process."""
