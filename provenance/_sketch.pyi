# Types of the compiled module built from _sketch.pyx.
import numpy as np

def shared_words(shingles: np.ndarray, bounds: np.ndarray, first: np.ndarray, second: np.ndarray,
                 offsets: np.ndarray, lengths: np.ndarray) -> np.ndarray: ...
