"""From a rule file to the plan the engine runs.

``yaml`` reads strict YAML with a position for every path, ``schema_errors``
turns pydantic's errors into located Chinese messages, ``compiler`` checks a
rulebook and compiles every expression once, ``plan`` is the compiled result.
"""
