"""Which characters are Han ideographs: the one definition, light to import (no conversion tables).

>>> is_han("巴库 Baku"), is_han("Bakı"), count_han("2003年普京")
(True, False, 3)
"""

from __future__ import annotations

import re

__all__ = ["HAN", "HAN_CHAR", "HAN_RUN", "count_han", "is_han"]

# CJK Unified Ideographs, Extension A, the compatibility block, the supplementary planes; 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN}]+")
HAN_CHAR = re.compile(f"[{HAN}]")


def is_han(text: str) -> bool:
    """Whether ``text`` holds at least one Han ideograph."""
    return HAN_RUN.search(text) is not None


def count_han(text: str) -> int:
    """How many Han ideographs ``text`` holds."""
    return len(HAN_CHAR.findall(text))
