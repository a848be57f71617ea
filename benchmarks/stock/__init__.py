"""Reference builds of the same synthetic entries: stock MkDocs + Material, and Hugo."""
