"""Argument checks that fail early with a message naming the argument, declared out of the code learners read.

A module lists nothing in its functions' bodies: it ends with :func:`install`, which wraps each public function
with the rules of its arguments (:data:`ARGUMENTS`, by argument name, plus the module's overrides) and, where
arguments must agree with each other (shapes, a model's inputs), a private precondition function.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np


def positive_int(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum``.

    Raises:
        TypeError: ``value`` is not an integer (floats and bools are refused).
        ValueError: ``value`` is smaller than ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def non_negative_int(name: str, value: object) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= 0`` (a seed, a start token, a low bound)."""
    return positive_int(name, value, minimum=0)


def random_source(name: str, value: object) -> object:
    """Return ``value`` if :func:`numpy.random.default_rng` takes it: ``None``, a ``Generator`` or a seed ``>= 0``."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be None, a numpy Generator or an integer seed, got {type(value).__name__}")
    return non_negative_int(name, value)


def is_model(name: str, value: object) -> object:
    """Return ``value`` if it is a Keras model (anything with ``inputs`` and ``layers``, as ``keras.Model``)."""
    if not (hasattr(value, "inputs") and hasattr(value, "layers") and callable(value)):
        raise TypeError(f"{name} must be a keras.Model, got {type(value).__name__}")
    return value


def fraction(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a real number in ``[0, 1)`` (a validation split)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value}")
    return float(value)


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is ``True`` or ``False``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def text(name: str, value: object, optional: bool = False) -> str | None:
    """Return ``value`` if it is a string (or ``None`` when ``optional``)."""
    if (value is None and optional) or isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a string{' or None' if optional else ''}, got {type(value).__name__}")


def labels(name: str, value: object) -> list[str]:
    """Return ``value`` as a non-empty list of strings (a list or tuple of labels, not one string)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list or tuple of strings, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must hold at least one label, got {value!r}")
    if not all(isinstance(label, str) for label in value):
        raise TypeError(f"{name} must hold strings (the labels to draw), got {value!r}")
    return list(value)


def non_empty_text(name: str, value: object) -> str:
    """Return ``value`` if it is a non-empty string (a name, a key, a label)."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty string, got {type(value).__name__} {value!r}")
    return value


def number_array(name: str, values: object, rank: int, shape_name: str) -> np.ndarray:
    """Return ``values`` as a non-empty float array with ``rank`` axes (e.g. attention weights)."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must hold numbers, got {type(values).__name__}: {error}") from None
    if array.ndim != rank or array.size == 0:
        raise ValueError(f"{name} must have rank {rank} {shape_name}, non-empty, got shape {array.shape}")
    return array


def real(name: str, value: object, what: str) -> None:
    """Raise a ``TypeError`` naming ``name`` unless ``value`` is a real number (bools and strings are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a real number ``> 0``.

    Raises:
        TypeError: ``value`` is not a real number (bools and strings are refused).
        ValueError: ``value`` is zero or negative.
    """
    real(name, value, "a positive number")
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def finite_number(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number (zero and negatives included).

    Raises:
        TypeError: ``value`` is not a real number (bools and strings are refused).
        ValueError: ``value`` is infinite or NaN.
    """
    real(name, value, "a finite number")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return float(value)


def integer_array(name: str, values: object) -> np.ndarray:
    """Return ``values`` as an integer numpy array; refuse floats and other dtypes."""
    array = np.asarray(values) if not isinstance(values, str) else np.asarray(values, dtype=object)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {array.dtype}")
    return array


def array_rank(name: str, values: object, rank: int, shape_name: str) -> np.ndarray:
    """Return ``values`` as a numpy array after checking it has ``rank`` axes."""
    array = np.asarray(values)
    if array.ndim != rank:
        raise ValueError(f"{name} must have rank {rank} {shape_name}, got shape {array.shape}")
    return array


Rule = Callable[[str, Any], Any]
"""One argument's check: ``rule(name, value)`` returns ``value`` (converted, e.g. to ``int``) or raises a
``TypeError``/``ValueError`` whose message names ``name`` and shows ``value``."""


def count(maximum: int, minimum: int = 1, why: str = "more would not fit in memory or would run for minutes") -> Rule:
    """A rule: an integer from ``minimum`` to ``maximum``. The maximum is a size the course's CPU handles in memory
    and in minutes at most; a larger one is refused at once instead of failing deep inside TensorFlow."""

    def rule(name: str, value: object) -> int:
        value = positive_int(name, value, minimum)
        if value > maximum:
            raise ValueError(f"{name} must be <= {maximum:,} ({why}), got {value:,}")
        return value

    rule.__doc__ = f"an integer from {minimum:,} to {maximum:,}"
    return rule


def optional(rule: Rule) -> Rule:
    """A rule: ``None``, or a value ``rule`` accepts."""

    def maybe(name: str, value: object) -> object:
        return None if value is None else rule(name, value)

    maybe.__doc__ = f"None or {rule.__doc__}"
    return maybe


def one_of(*choices: object) -> Rule:
    """A rule: one of ``choices``."""

    def rule(name: str, value: object) -> object:
        if not any(value is choice or (type(value) is type(choice) and value == choice) for choice in choices):
            raise ValueError(f"{name} must be one of {choices}, got {value!r}")
        return value

    rule.__doc__ = f"one of {choices}"
    return rule


def named(description: str, check: Callable[[str, Any], Any]) -> Rule:
    """A rule from a check function of this module (e.g. :func:`flag`), with ``description`` for the docstring."""

    def rule(name: str, value: object) -> object:
        return check(name, value)

    rule.__doc__ = description
    return rule


FLAG = named("True or False", flag)
POSITIVE = named("a finite number > 0", positive_number)
MODEL = named("a keras.Model", is_model)
NAME = named("a non-empty string", non_empty_text)
MAX_SEED = 2**32 - 1
SEED = count(MAX_SEED, minimum=0, why="the largest seed np.random.seed takes, which seed_everything calls")
TOKEN = count(100_000, minimum=0, why="no vocabulary of the course is that large")

#: The rule of every argument name the course uses with one meaning everywhere, applied by :func:`install` to each
#: public function that has an argument of that name (a module overrides one for a function when it must).
ARGUMENTS: dict[str, Rule] = {
    # model sizes
    "units": count(2048),
    "embedding": count(2048),
    "classes": count(10_000, minimum=2),
    "cardinality": count(10_000, minimum=2),
    "vocabulary": count(10_000, minimum=2),
    # data sizes
    "n_sequences": count(20_000),
    "n_samples": count(200_000),
    "n_in": count(1000),
    "n_out": count(1000),
    "length": count(1000),
    "min_length": count(1000),
    "max_length": count(1000),
    "horizon": count(1000),
    "window": count(1000),
    "batch": count(200_000),
    "max_digits": count(9),
    # training and decoding budgets
    "epochs": count(10_000),
    "batch_size": count(200_000),
    "width": count(64),
    "steps_per_execution": count(100_000),
    "initial_epoch": count(10_000, minimum=0),
    "learning_rate": POSITIVE,
    "clipnorm": optional(POSITIVE),
    # tokens, seeds, switches
    "start_token": TOKEN,
    "end_token": TOKEN,
    "pad_token": TOKEN,
    "seed": SEED,
    **{switch: FLAG for switch in ("stateful", "reverse", "mask", "one_hot_inside", "source_optimizer",
                                    "initial_state", "log_scale", "keras2_gates", "keras2_loss", "dense_gradients")},
}  # fmt: skip

Precondition = Callable[..., None]
"""Checks that involve several arguments or their shapes: called with the call's arguments (by name, defaults
filled in) after the rules; raises a ``TypeError``/``ValueError`` naming the argument at fault."""


def install(
    namespace: dict[str, Any],
    rules: dict[str, dict[str, Rule]] | None = None,
    preconditions: dict[str, Precondition] | None = None,
) -> None:
    """Check the arguments of every public function of a module, out of sight of the code a learner reads.

    Call it last in the module, with ``globals()``. Each public function defined there whose arguments have rules
    (:data:`ARGUMENTS` by name, updated by ``rules[function name]``) or that has a ``preconditions`` entry is
    replaced by a wrapper that checks, converts and then calls it; a public class named in ``rules`` or
    ``preconditions`` gets the wrapper on its constructor. ``inspect.getsource`` still shows the function
    as written (it follows ``__wrapped__``); ``help`` shows the rules, appended to the docstring.
    """
    rules, preconditions = rules or {}, preconditions or {}
    unknown = (set(rules) | set(preconditions)) - set(namespace)
    if unknown:
        raise NameError(f"no function {sorted(unknown)} in {namespace['__name__']}")
    for name, function in list(namespace.items()):
        if inspect.isclass(function) and name in rules | preconditions:  # a class: check its constructor
            function.__init__ = _checked(function.__init__, rules.get(name, {}), preconditions.get(name))
            continue
        if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != namespace["__name__"]:
            continue
        parameters = inspect.signature(function).parameters
        mine = {p: ARGUMENTS[p] for p in parameters if p in ARGUMENTS} | rules.get(name, {})
        if mine or name in preconditions:
            namespace[name] = _checked(function, mine, preconditions.get(name))


def _checked(function: Callable, rules: dict[str, Rule], precondition: Precondition | None) -> Callable:
    """``function`` behind its ``rules`` and ``precondition`` (see :func:`install`)."""
    signature = inspect.signature(function)
    unknown = set(rules) - set(signature.parameters)
    if unknown:
        raise NameError(f"{function.__name__} has no argument {sorted(unknown)}")

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{function.__name__}(): {error}") from None
        bound.apply_defaults()
        for name, rule in rules.items():
            bound.arguments[name] = rule(name, bound.arguments[name])
        if precondition is not None:
            precondition(**bound.arguments)
        return function(*bound.args, **bound.kwargs)

    described = [f"    {name}: {rule.__doc__}" for name, rule in rules.items()]
    if precondition is not None:
        described.append(f"    and: {' '.join((precondition.__doc__ or '').split())}")
    wrapper.__doc__ = f"{function.__doc__ or ''}\n\nArguments checked on every call:\n" + "\n".join(described) + "\n"
    wrapper.__signature__ = signature  # type: ignore[attr-defined]  # for callers that read it (Keras's layers do)
    return wrapper
