"""Benchmarks: synthetic catalogues and a harness timing our build against stock MkDocs and Hugo."""
