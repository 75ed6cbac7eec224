"""The compiled part of provenance (everything else is in pyproject.toml): inner loops written
in Cython, each checked in the tests against a plain statement of what it computes.
- provenance/_seeds.pyx: seeds of passage alignment (provenance.align);
- provenance/_sketch.pyx: counting the words candidate pairs share (provenance.sketch);
- provenance/_overlap.pyx: vocabulary two documents share (provenance.evidence);
- provenance/_trees.pyx: scoring evidence with the edge model's trees (provenance.edgemodel);
- provenance/_text.pyx: cutting a text into words and paragraphs (provenance.text), where outlet
  names may begin (provenance.outlets).
provenance/_hash.pxd holds the hashing the kernels share."""

from Cython.Build import cythonize
from setuptools import Extension, setup

KERNELS = ("_seeds", "_sketch", "_overlap", "_trees", "_text")

setup(ext_modules=cythonize([Extension(f"provenance.{name}", [f"provenance/{name}.pyx"]) for name in KERNELS]))
