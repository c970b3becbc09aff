import os

# Les mêmes noyaux de calcul OpenBLAS sur toute machine x86-64 : sans cela, OpenBLAS choisit ses
# noyaux selon le processeur (SkylakeX, Zen...), et les arrondis d'un produit matriciel, amplifiés
# par un entraînement instable, changeraient les nombres enregistrés. Les noyaux des notebooks
# (nbval) héritent de cette variable ; tools/execute_notebooks.py fait de même.
os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

# Les figures des notebooks sont comparées par nbval, à une tolérance près : voir tests/nbval_images.py.
pytest_plugins = ["tests.nbval_images"]
