"""The site's pages: the plan, rendering, bodies, charts, the shell and writing."""
