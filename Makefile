# Two commands run the course: `make lab` opens it, `make test` tests it. Each target runs tools/course.py,
# which also works without make (Windows: `py -3.12 tools/course.py lab`); the first run builds .venv.
PYTHON ?= python3

.PHONY: install lab test check execute benchmark stamp clean

install:  ## build .venv from requirements.txt (every other target does it when needed)
	$(PYTHON) tools/course.py install

lab:  ## open the course in JupyterLab
	$(PYTHON) tools/course.py lab

test:  ## everything: unit tests, lint, launchers, strict nbval (oneDNN off), the JAX lane; a table of phase times
	$(PYTHON) tools/course.py test

BACKEND ?= tensorflow

check:  ## is this laptop ready? unit tests, notebooks 00, 01, 05 with their asserts: make check [BACKEND=jax] [NB=all]
	$(PYTHON) tools/course.py check --backend $(BACKEND) $(NB)

execute:  ## re-execute and save notebooks in a fresh kernel: make execute [NB=notebooks/03_*.ipynb]
	$(PYTHON) tools/course.py execute $(NB)

benchmark:  ## time every notebook end to end (the speed-ups: benchmarks/bench_*.py)
	$(PYTHON) tools/course.py benchmark $(NB)

stamp:  ## badges, Colab set-up cells and footers from [tool.course] in pyproject.toml
	$(PYTHON) tools/course.py stamp

clean:
	rm -rf .venv
