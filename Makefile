# Deux commandes suffisent sur un clone neuf (il faut seulement Python 3 et make) :
#   make book    construit le livre HTML dans _build/html
#   make test    lance tous les tests (unitaires et réexécution des notebooks)
# et, après une modification d'un chapitre ou d'optim_lib :
#   make notebooks   réexécute les notebooks et enregistre leurs sorties

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: book test notebooks clean

book: $(VENV)/.installed
	$(BIN)/jupyter-book build --warningiserror --nitpick --keep-going .

# Les notebooks sont indépendants : pytest-xdist les répartit sur les cœurs, un fichier par processus
# (le livre n'est construit qu'une fois, par le processus qui prend tests/test_book.py).
test: $(VENV)/.installed
	$(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=loadfile

notebooks: $(VENV)/.installed
	$(BIN)/python tools/execute_notebooks.py

clean:
	rm -rf _build

# L'environnement virtuel, recréé quand les dépendances changent. Importer matplotlib une fois
# construit son cache de polices ici, plutôt que dans la sortie du premier notebook exécuté.
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@
