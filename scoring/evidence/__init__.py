"""Reading what units submit: evidence folders, records, self-assessment and reviews."""

from .coerce import RawRecord, coerce_value
from .folder import READERS, EvidenceErrors, build_evidence, evidence_from_dict, load_evidence

__all__ = ["READERS", "EvidenceErrors", "RawRecord", "build_evidence", "coerce_value", "evidence_from_dict",
           "load_evidence"]

# the spreadsheet readers (.xlsx/.xls/.ods/.csv) and the template's cover sheet register themselves here
from .. import intake as _intake  # noqa: E402,F401  isort: skip
