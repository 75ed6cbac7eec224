"""The compiled part of provenance (everything else is in pyproject.toml): the seed kernels
of passage alignment, written in Cython (provenance/_seeds.pyx)."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize([Extension("provenance._seeds", ["provenance/_seeds.pyx"])]))
