"""The entries: files to validated entries, their problems and how they are reported."""
