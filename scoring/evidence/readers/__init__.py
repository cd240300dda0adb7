"""Record readers, one module per file format: YAML/JSON, CSV, Excel (.xlsx/.xlsm, .xls/.ods) and the template's cover."""
