# Types of the compiled module built from _seeds.pyx.
import numpy as np

def word_hash(word: str) -> int: ...
def word_hashes(words: list[str]) -> np.ndarray: ...

class SeedIndex:
    segment: list[int]
    segments: np.ndarray
    words: np.ndarray
    gram_keys: np.ndarray
    gram_pos: np.ndarray
    sent_lo: np.ndarray
    sent_hi: np.ndarray
    sent_ptr: np.ndarray
    sent_words: np.ndarray
    post_words: np.ndarray
    post_ptr: np.ndarray
    post_sents: np.ndarray
    def __init__(self, norms: list[str], boiler: np.ndarray, content: np.ndarray, sentences: np.ndarray,
                 n: int, max_repeats: int, min_sentence_words: int) -> None: ...

def seed_regions(a: SeedIndex, b: SeedIndex, n: int, max_gap: int, min_dice: float, min_words: int,
                 short_dice: float, max_postings: int) -> list[list[int]]: ...
