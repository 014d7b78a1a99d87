"""Which field names carry credentials, account numbers or personal data: the table lives in the
runtime (kis_runtime/sensitivity.py), which also masks recordings by it; the importer and the
loader read it from here."""

from kis_runtime.sensitivity import ACCOUNT, PERSONAL, SECRET, sensitivity

__all__ = ["ACCOUNT", "PERSONAL", "SECRET", "sensitivity"]
