"""Reading what units submit: evidence folders, records, self-assessment and reviews.

- ``folder``: an evidence folder → a checked ``EvidenceSet`` (``load_evidence``, ``build_evidence``)
- ``coerce``: a raw cell or YAML value → the field's type, one place for every format
- ``units``: which folders under a root are units (``unit_folders``), which files are evidence
- ``readers``: one reader per file format and the ``READERS`` registry by suffix
"""

from ._reviews import ReviewFile, check_amount
from .coerce import RawRecord, coerce_value
from .folder import (
    EvidenceErrors,
    FolderInput,
    UnitFile,
    build_evidence,
    evidence_from_dict,
    load_evidence,
    read_folder,
)
from .readers import READERS, UNIT_FINDERS, Reader, UnitFinder
from .units import REVIEW_FILES, UNIT_FILES, unit_folders

__all__ = ["READERS", "REVIEW_FILES", "UNIT_FILES", "UNIT_FINDERS", "EvidenceErrors", "FolderInput", "RawRecord",
           "Reader", "ReviewFile", "UnitFile", "UnitFinder", "build_evidence", "check_amount", "coerce_value",
           "evidence_from_dict", "load_evidence", "read_folder", "unit_folders"]
