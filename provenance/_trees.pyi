# Types of the compiled module built from _trees.pyx.
import numpy as np

def raw_scores(X: np.ndarray, roots: np.ndarray, leaf: np.ndarray, feature: np.ndarray,
               missing_left: np.ndarray, threshold: np.ndarray, left: np.ndarray, right: np.ndarray,
               value: np.ndarray, baseline: float) -> np.ndarray: ...
