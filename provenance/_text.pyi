# Types of the compiled module built from _text.pyx.
from array import array

def word_spans(text: str, start: int, end: int) -> tuple[array[int], array[int], list[str]]: ...
