"""cxkit: the helper package behind the Outside-In customer-experience workbooks.

Kept light on purpose: `cxkit --help` imports this, so nothing heavy loads here.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
