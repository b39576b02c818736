"""This release's version and the data format's, in a module that imports nothing.

Kept here, not read from package metadata: that costs an import. Every layer may
import it (the JSON renderers stamp both into their output).
"""

__all__ = ["OUTPUT_SCHEMA_VERSION", "SCHEMA_VERSION", "__version__"]

__version__ = "0.1.0"
"""This release's version."""

SCHEMA_VERSION = 1
"""The version of the data format this fwcompare reads and writes."""

OUTPUT_SCHEMA_VERSION = 1
"""The version of the JSON output contract (``schema_version`` in every JSON document
fwcompare writes; schemas in ``fwcompare/data/schema/output/``)."""
