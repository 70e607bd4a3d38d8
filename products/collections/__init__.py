"""Curated collections of products: hand-picked and ordered, or chosen by a rule."""
