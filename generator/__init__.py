"""Katalog Inovasi Pelayanan Publik: the catalogue core, independent of any site engine."""
