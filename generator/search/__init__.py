"""The static search: index, stemmer and posting lists, with their JavaScript twins."""
