"""Import Eurostat Urban Audit exports (SDMX-CSV, linear) into `data/indicators/`.

Two tables come out of the exports:

- `data/indicators/eurostat.csv`: the network's cities' values in the contract's long format;
- `data/indicators/distributions/eurostat.csv`: for every indicator and year, how the values are spread over
  all of Europe's Urban Audit cities (count, minimum, deciles, maximum), so a city can be placed among them
  without the raw exports being shipped.

Both are regenerated from exactly the files given: an indicator whose file is left out disappears from the
output. The files are read as Eurostat writes them, so a new download can be imported without editing it.

    inclucities import-eurostat --kb KB FILE.csv...
"""
