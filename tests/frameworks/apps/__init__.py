"""Small services, one per framework recipe, run by tests/frameworks under their real servers."""
