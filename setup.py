"""The compiled part of provenance (everything else is in pyproject.toml): inner loops written
in Cython, each checked against a plain Python statement of it in the tests.
- provenance/_seeds.pyx: seeds of passage alignment (provenance.align);
- provenance/_sketch.pyx: counting the words candidate pairs share (provenance.sketch)."""

from Cython.Build import cythonize
from setuptools import Extension, setup

KERNELS = ("_seeds", "_sketch")

setup(ext_modules=cythonize([Extension(f"provenance.{name}", [f"provenance/{name}.pyx"]) for name in KERNELS]))
