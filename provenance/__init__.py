"""provenance: find what news articles share and who took it from whom.

    >>> from provenance import scan
    >>> report = scan("corpus/")
    >>> [(p.id, p.docs) for p in report.passages][:1]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import ScanConfig
from .errors import ConfigError, CorpusError, ProvenanceError, ReportError
from .model import Document, Passage, PassageLink, Region, Report, SkippedFile, Span
from .pipeline import scan

__all__ = [
    "ConfigError",
    "CorpusError",
    "Document",
    "Passage",
    "PassageLink",
    "ProvenanceError",
    "Region",
    "Report",
    "ReportError",
    "ScanConfig",
    "SkippedFile",
    "Span",
    "__version__",
    "scan",
]
