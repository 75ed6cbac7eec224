# Types of the compiled module built from _sketch.pyx.
from array import array
from collections.abc import Sequence

import numpy as np

def shared_words(shingles: np.ndarray, bounds: np.ndarray, first: np.ndarray, second: np.ndarray,
                 offsets: np.ndarray, lengths: np.ndarray) -> np.ndarray: ...
def clause_ranges(text: str, sentences: Sequence[tuple[int, int]], starts: array[int],
                  ends: array[int]) -> list[tuple[int, int]]: ...
