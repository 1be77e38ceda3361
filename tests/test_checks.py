"""helpers._checks: argument rules declared once, applied by install(), kept out of the code notebooks show."""

import inspect
import re
from pathlib import Path

import nbformat
import pytest

import helpers
from helpers import _checks

ROOT = Path(__file__).resolve().parents[1]
#: What a guard looks like in a function body: a raise, or a call of a check of helpers._checks.
GUARD = re.compile(r"\braise\b|\b_checks\.|(?<![.\w])(" + "|".join(
    name for name, value in vars(_checks).items() if inspect.isfunction(value) and value.__module__ == _checks.__name__
) + r")\(")  # fmt: skip


def shown_functions() -> dict[str, object]:
    """Every helpers function a notebook prints with ``inspect.getsource``, found in the helpers modules."""
    import importlib
    import pkgutil

    modules = [importlib.import_module(f"helpers.{m.name}") for m in pkgutil.iter_modules(helpers.__path__)]
    shown = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                shown |= set(re.findall(r"getsource\((\w+)\)", cell.source))
    found = {name: getattr(m, name) for m in modules for name in shown if inspect.isfunction(getattr(m, name, None))}
    return {name: function for name, function in found.items() if function.__module__.startswith("helpers.")}


def test_notebooks_show_many_helpers():
    assert len(shown_functions()) >= 20


@pytest.mark.parametrize("name", sorted(shown_functions()))
def test_what_a_notebook_shows_has_no_guard_line(name):
    source = inspect.getsource(shown_functions()[name])
    body = source.split('"""', 2)[-1]  # after the docstring
    guards = [line.strip() for line in body.splitlines() if GUARD.search(line)]
    assert not guards, f"{name} shows guard lines (move them to _checks.install): {guards}"


def test_count_refuses_a_size_beyond_its_bound_at_once_naming_it():
    rule = _checks.count(100)
    assert rule("units", 100) == 100
    with pytest.raises(ValueError, match=r"units must be <= 100 .* got 1,000,000,000"):
        rule("units", 10**9)
    with pytest.raises(TypeError, match="units must be an integer"):
        rule("units", 2.5)


def test_installed_rules_check_convert_and_document(monkeypatch):
    def build(units: int, name: str = "x", seed: int = 1) -> tuple:
        """Build."""
        return units, name, seed

    def precondition(units: int, name: str, seed: int) -> None:
        """name is not bad."""
        if name == "bad":
            raise ValueError(f"name must not be bad, got {name!r}")

    namespace = {"__name__": "demo", "build": build}
    build.__module__ = "demo"
    _checks.install(
        namespace, rules={"build": {"name": _checks.one_of("x", "bad")}}, preconditions={"build": precondition}
    )
    checked = namespace["build"]
    assert checked(3) == (3, "x", 1) and inspect.getsource(checked) == inspect.getsource(build)
    assert "units: an integer from 1 to 2,048" in checked.__doc__ and "name: one of ('x', 'bad')" in checked.__doc__
    assert "and: name is not bad." in checked.__doc__  # the precondition's docstring
    for call, error, message in [
        (lambda: checked(0), ValueError, "units must be >= 1"),
        (lambda: checked(3, seed=-1), ValueError, "seed must be >= 0"),
        (lambda: checked(3, "y"), ValueError, "name must be one of"),
        (lambda: checked(3, "bad"), ValueError, "name must not be bad"),
        (lambda: checked(3, colour=1), TypeError, "build\\(\\): got an unexpected keyword argument 'colour'"),
    ]:
        with pytest.raises(error, match=message):
            call()


def test_install_refuses_a_rule_for_nothing():
    with pytest.raises(NameError, match="no function"):
        _checks.install({"__name__": "demo"}, rules={"missing": {}})


def test_help_says_every_check_in_words():
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(helpers.__path__):
        module = importlib.import_module(f"helpers.{info.name}")
        for name, function in vars(module).items():
            doc = getattr(function, "__doc__", None) or ""
            if hasattr(function, "__wrapped__") and "Arguments checked on every call:\n" in doc:
                checks = doc.split("Arguments checked on every call:\n")[1].splitlines()
                assert all(line.split(": ", 1)[1].strip() for line in checks if line.strip()), (name, checks)


def test_install_checks_a_named_class_constructor_and_keeps_its_signature():
    class Layer:
        def __init__(self, units: int = 4) -> None:
            self.units = units

    namespace = {"__name__": "fake", "Layer": Layer}
    before = inspect.signature(Layer.__init__)
    _checks.install(namespace, rules={"Layer": {"units": _checks.count(10)}})
    assert Layer(3).units == 3
    with pytest.raises(ValueError, match="units"):
        Layer(11)
    assert inspect.signature(Layer.__init__) == before
    assert namespace["Layer"] is Layer


def test_finite_number_takes_zero_and_negatives_and_refuses_the_rest():
    assert _checks.finite_number("x", 0) == 0.0 and _checks.finite_number("x", -2.5) == -2.5
    with pytest.raises(TypeError, match="x must be a finite number"):
        _checks.finite_number("x", True)
    with pytest.raises(ValueError, match="x must be a finite number"):
        _checks.finite_number("x", float("inf"))
