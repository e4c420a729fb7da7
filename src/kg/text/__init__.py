"""kg.text: the Vietnamese text layer (no RDF here).

decode bytes -> normalize text (with an offset map) -> fold/canonical/slug keys ->
numbers, quantities, dates, periods and ordinals, as values or by scanning text.
"""

from .dates import (
    DateMatch,
    PeriodMatch,
    date_spans,
    find_dates,
    find_periods,
    parse_date,
    parse_ordinal,
    parse_period,
    roman_to_int,
)
from .decode import decode, detect_encoding
from .normalize import OffsetMap, canonical, fold, normalize, normalize_with_map, slug
from .numbers import (
    QUALIFIER_CODES,
    UNITS,
    Quantity,
    QuantityMatch,
    find_quantities,
    format_number,
    parse_number,
    parse_quantity,
)

__all__ = [
    "decode",
    "detect_encoding",
    "normalize",
    "normalize_with_map",
    "OffsetMap",
    "fold",
    "canonical",
    "slug",
    "parse_number",
    "format_number",
    "parse_quantity",
    "find_quantities",
    "Quantity",
    "QuantityMatch",
    "UNITS",
    "QUALIFIER_CODES",
    "parse_date",
    "date_spans",
    "find_dates",
    "DateMatch",
    "parse_period",
    "find_periods",
    "PeriodMatch",
    "roman_to_int",
    "parse_ordinal",
]
