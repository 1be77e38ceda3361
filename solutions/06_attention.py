"""Solutions to the exercises of notebook 06."""

COPY_PATTERN = "diagonal"  # Exercise 06.1: output step t looks at the t-th real source token.


def aligned_position(step: int, length: int, time_in: int, task: str) -> int:
    """Exercise 06.2: the source position output ``step`` copies (sources padded on the left)."""
    return time_in - 1 - step if task == "reverse" else time_in - length + step
