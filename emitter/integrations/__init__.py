"""Recipes for servers whose logging needs more than `capture_stdlib` (imported only under them)."""
