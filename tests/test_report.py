import re
from pathlib import Path

import numpy as np
import pytest
from nbval.plugin import get_sanitize_patterns

from helpers.report import measured

SANITIZE = Path(__file__).with_name("sanitize.cfg")


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (0.6149, ".2f", "≈0.61"),
        (np.float32(0.995), ".1%", "≈99.5%"),
        (196321.4, ",.0f", "≈196,321"),
        (np.array([2.75, 4.9]), ".1f", "≈[2.8 4.9]"),
        (np.array([94, 94, 7]), "d", "≈[94 94 7]"),
        (np.int64(3), "d", "≈3"),
        (0.0734, ".3g", "≈0.0734"),
    ],
)
def test_measured_formats_behind_the_mark(value, fmt, expected):
    assert measured(value, fmt) == expected


def sanitize(text: str) -> str:
    """Apply tests/sanitize.cfg with nbval's own parser: every regex/replace pair, in order."""
    for regex, replace in get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8")):
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize(
    ("here", "there"),
    [
        (f"sequence {measured(0.6149)}", f"sequence {measured(0.6151)}"),
        (f"loss {measured(196321.0, ',.0f')}", f"loss {measured(9.5, ',.0f')}"),
        (f"predicted {measured(np.array([94, 94]), 'd')}", f"predicted {measured(np.array([5, 63]), 'd')}"),
        (f"gap {measured(-0.12, '.1%')}", f"gap {measured(0.3, '.1%')}"),
        ("took 6.3 s", "took 12 s"),
    ],
)
def test_the_sanitizer_masks_measured_figures_and_durations(here, there):
    assert here != there and sanitize(here) == sanitize(there)


def test_the_sanitizer_leaves_plain_facts_alone():
    text = "parameters: 190899 | shape (1000, 4, 1) | token accuracy >= 0.95: True"
    assert sanitize(text) == text
