"""Official administrative units of Việt Nam with their GSO codes.

Data: the ``vietnamadminunits`` package (MIT licence), which ships the General
Statistics Office (GSO) lists as SQLite tables:

* ``admin_units_legacy``: the 63 provinces with districts and communes, codes in
  force before 2025-07-01 (province 2 digits, district 3, commune 5);
* ``admin_units``: the 34 provinces and their communes/wards from 2025-07-01
  (Resolution 202/2025/QH15 and the NQ-UBTVQH15 resolutions on commune
  rearrangement); this era has no district level.

Lookups are by :func:`kg.text.fold` key of the short name ("Thường Tín"), so
tone-mark placement, Đăk/Đắk and R'lấp/R’Lấp variants all match.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kg import text as vt

#: Reports dated on or after this day use the post-2025 codes (Resolution 202/2025/QH15).
REFORM_DATE = date(2025, 7, 1)

#: Type words of each level, canonical lower-case spelling → level.
KIND_LEVEL = {
    "tỉnh": "province",
    "thành phố": "province",  # also a district-level city; resolved by lookup
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
}


@dataclass(frozen=True)
class AdminUnit:
    """One administrative unit.

    code: GSO code (str, zero-padded: "01", "279", "10207").
    name: official full name ("Huyện Thường Tín"); short: without type word ("Thường Tín").
    level: "province", "district" or "commune"; kind: type word, lower-case ("huyện").
    parent: GSO code of the containing unit, or None for a province.
    era: "legacy" (before 2025-07-01) or "2025".
    """

    code: str
    name: str
    short: str
    level: str
    kind: str
    parent: str | None
    era: str
    province: str


class Gazetteer:
    """Index of :class:`AdminUnit` by code and by folded short name, for one era."""

    def __init__(self, units: list[AdminUnit]):
        self.by_code: dict[str, AdminUnit] = {u.code: u for u in units}
        self._by_name: dict[str, list[AdminUnit]] = defaultdict(list)
        self._lookups: dict[tuple[str, str | None], tuple[AdminUnit, ...]] = {}
        self._firsts: dict[str, set[str]] = {}
        for u in units:
            self._by_name[vt.fold(u.short)].append(u)
            # GSO spells some names without the apostrophe or space ("Đắk Rlấp", "ĐắkNông")
            squeezed = vt.fold(u.short).replace("'", "").replace(" ", "")
            if squeezed != vt.fold(u.short):
                self._by_name[squeezed].append(u)
        self.provinces = [u for u in units if u.level == "province"]
        self.aliases: dict[str, AdminUnit] = {}
        self._children: dict[str, list[AdminUnit]] | None = None  # parent code -> units (built on first use)

    def starts_name(self, word: str, level: str) -> bool:
        """True when some unit of ``level`` has a name whose first word folds like ``word``
        ("Đắk" for "Đắk Nông"; also a whole name written as one word, "ĐắkNông").  A cheap
        test before :meth:`lookup` of every run of words that starts with ``word``."""
        firsts = self._firsts.get(level)
        if firsts is None:
            firsts = {key.split(" ")[0] for key, units in self._by_name.items() if any(u.level == level for u in units)}
            self._firsts[level] = firsts
        key = _fold(word)
        return key in firsts or key.replace("'", "") in firsts

    def add_alias(self, alias: str, unit: AdminUnit) -> None:
        """Index ``alias`` (an abbreviation such as "HCM", from the dataset) for ``unit``."""
        self.aliases[alias.upper()] = unit

    def by_alias(self, alias: str) -> AdminUnit | None:
        """The unit an abbreviation names ("HCM" → Thành phố Hồ Chí Minh), or None."""
        return self.aliases.get(alias.upper())

    def get(self, code: str) -> AdminUnit | None:
        """The unit with this GSO code, or None."""
        return self.by_code.get(code)

    def lookup(self, name: str, level: str | None = None) -> list[AdminUnit]:
        """All units whose short name folds like ``name``, optionally of one level.

        ``name`` is the name without its type word ("Hồng Vân", "Đăk R’lấp").
        """
        memo = self._lookups.get((name, level))
        if memo is None:
            key = _fold(name)
            hits = self._by_name.get(key) or self._by_name.get(key.replace("'", "").replace(" ", ""), [])
            memo = tuple(u for u in hits if not level or u.level == level)
            if len(self._lookups) > 1 << 16:  # bounded: a long batch sees many names
                self._lookups.clear()
            self._lookups[(name, level)] = memo
        return list(memo)

    def child_by_plain_name(self, name: str, parent: AdminUnit) -> AdminUnit | None:
        """The one unit directly inside ``parent`` whose short name has the ASCII form of ``name``
        (:func:`kg.text.slug`: every accent and vowel mark dropped), or None when none or several
        have it.  "Nam Nung" in huyện Krông Nô is xã Nâm Nung: a name written without a vowel mark
        is still that unit when the unit it belongs to is written next to it."""
        if self._children is None:
            self._children = defaultdict(list)
            for u in self.by_code.values():
                if u.parent:
                    self._children[u.parent].append(u)
        try:
            key = vt.slug(name)
        except ValueError:
            return None
        hits = [u for u in self._children.get(parent.code, ()) if vt.slug(u.short) == key]
        return hits[0] if len(hits) == 1 else None

    def ancestors(self, unit: AdminUnit) -> list[AdminUnit]:
        """The chain of parents of ``unit``, nearest first."""
        out = []
        while unit.parent and (p := self.by_code.get(unit.parent)):
            out.append(p)
            unit = p
        return out

    def within(self, unit: AdminUnit, container: AdminUnit) -> bool:
        """True when ``unit`` is ``container`` or lies inside it."""
        return unit.code == container.code or any(a.code == container.code for a in self.ancestors(unit))


@lru_cache(maxsize=1 << 16)
def _fold(name: str) -> str:
    """:func:`kg.text.fold`, cached: the extractors look the same names up many times."""
    return vt.fold(name)


def era_for(day: date | None) -> str:
    """The code era for a report date: "2025" from 2025-07-01, else "legacy" (also when unknown)."""
    return "2025" if day is not None and day >= REFORM_DATE else "legacy"


@lru_cache(maxsize=2)
def load_gazetteer(era: str = "legacy") -> Gazetteer:
    """Load the gazetteer of one era ("legacy" or "2025") from vietnamadminunits' dataset.

    Raises:
        ValueError: unknown era.
    """
    from vietnamadminunits.database import query

    units: dict[str, AdminUnit] = {}
    table = "admin_units_legacy" if era == "legacy" else "admin_units"
    if era == "legacy":
        rows = query(
            "SELECT province, provinceShort, provinceCode, district, districtShort, districtType, districtCode,"
            " ward, wardShort, wardType, wardCode FROM admin_units_legacy"
        )
        for r in rows:
            pc = r["provinceCode"]
            units.setdefault(pc, _province(r, pc, era))
            dc = r["districtCode"]
            if dc and dc not in units:
                units[dc] = AdminUnit(dc, r["district"], r["districtShort"], "district", (r["districtType"] or "").lower(), pc, era, pc)
            wc = r["wardCode"]
            if wc and wc not in units:
                units[wc] = AdminUnit(wc, r["ward"], r["wardShort"], "commune", (r["wardType"] or "").lower(), dc, era, pc)
    elif era == "2025":
        rows = query("SELECT province, provinceShort, provinceCode, ward, wardShort, wardType, wardCode FROM admin_units")
        for r in rows:
            pc = r["provinceCode"]
            units.setdefault(pc, _province(r, pc, era))
            wc = r["wardCode"]
            if wc and wc not in units:
                units[wc] = AdminUnit(wc, r["ward"], r["wardShort"], "commune", (r["wardType"] or "").lower(), pc, era, pc)
    else:
        raise ValueError(f"unknown gazetteer era {era!r}; use 'legacy' or '2025'")
    gaz = Gazetteer(list(units.values()))
    for r in query(f"SELECT DISTINCT provinceCode, provinceAlias FROM {table} WHERE provinceAlias IS NOT NULL"):
        for alias in json.loads(r["provinceAlias"]):
            gaz.add_alias(alias, units[r["provinceCode"]])
    return gaz


def _province(r: dict, code: str, era: str) -> AdminUnit:
    kind = "thành phố" if r["province"].lower().startswith("thành phố") else "tỉnh"
    return AdminUnit(code, r["province"], r["provinceShort"], "province", kind, None, era, code)
