"""A city's own folder: the starter files of `new-city`, reading what the city filled in, and what `analyse` writes."""
