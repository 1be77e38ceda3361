# Two commands run the course: `make lab` opens it, `make test` tests it.
# Both build a local virtual environment (.venv) from requirements.txt on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root (containers, cloud VMs) unless told to.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Repeatable kernels and a quiet TensorFlow, for JupyterLab and the tests alike.
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 3

.PHONY: lab test benchmark stamp clean

lab: $(STAMP)  ## open the course in JupyterLab
	$(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/00_course_map.ipynb  # served from the repo root: links to docs/ work

test: $(STAMP)  ## unit tests, lint and strict re-execution of every notebook
	$(BIN)/python -m pytest

benchmark: $(STAMP)  ## time every notebook and the speed-ups against the sources
	$(BIN)/python benchmarks/run_notebooks.py

stamp: $(STAMP)  ## badges, Colab set-up cells and footers from [tool.course] in pyproject.toml
	$(BIN)/python tools/stamp_notebooks.py

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "Python 3.11 to 3.13 is needed; try: make $(MAKECMDGOALS) PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -c "import matplotlib.pyplot"  # builds the font cache once, not inside a notebook
	touch $@

clean:
	rm -rf $(VENV)
