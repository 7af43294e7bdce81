"""Charts and posters (Altair), the map's geography, rendering to SVG/PNG/PDF and the accessible SVG wrapper."""
