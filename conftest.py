# Les figures des notebooks sont comparées par nbval, à une tolérance près : voir tests/nbval_images.py.
pytest_plugins = ["tests.nbval_images"]
