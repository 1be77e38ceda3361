# Two commands run the course: `make lab` opens it, `make test` tests it.
# Both build a local virtual environment (.venv) from requirements.txt on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NB ?= notebooks/[0-9][0-9]_*.ipynb
# JupyterLab refuses to run as root (containers, cloud VMs) unless told to.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Repeatable kernels and a quiet TensorFlow, for JupyterLab and the tests alike.
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 3
# No progress bars when notebooks run unattended (helpers.progress); `make lab` leaves them on for a person.
test check execute benchmark: export LSTM_COURSE_QUIET := 1

.PHONY: lab test check execute benchmark stamp clean

lab: $(INSTALLED)  ## open the course in JupyterLab
	$(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/00_course_map.ipynb  # served from the repo root: links to docs/ work

test: $(INSTALLED)  ## everything: unit tests, lint, launchers, strict nbval, and strict nbval on another numerical path
	$(BIN)/python -m pytest
	@echo "Strict nbval again with oneDNN off (other CPU kernels, another float summation order):"
	TF_ENABLE_ONEDNN_OPTS=0 $(BIN)/python -m pytest notebooks

check: $(INSTALLED)  ## is this laptop ready? unit tests, then every notebook run with its asserts (a few minutes)
	$(BIN)/python -m pytest tests -m "not slow"
	$(BIN)/python -m pytest notebooks --nbval-lax

execute: $(INSTALLED)  ## re-execute and save notebooks in a fresh kernel: make execute [NB=notebooks/03_*.ipynb]
	$(BIN)/python tools/execute_notebooks.py $(NB)

benchmark: $(INSTALLED)  ## time every notebook end to end (the speed-ups: benchmarks/bench_*.py)
	$(BIN)/python tools/execute_notebooks.py --no-save --record $(NB)

stamp: $(INSTALLED)  ## badges, Colab set-up cells and footers from [tool.course] in pyproject.toml
	$(BIN)/python tools/stamp_notebooks.py

$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "Python 3.11 to 3.13 is needed; try: make $(MAKECMDGOALS) PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -c "import matplotlib.pyplot"  # builds the font cache once, not inside a notebook
	touch $@

clean:
	rm -rf $(VENV)
