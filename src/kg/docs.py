"""Generate the human-readable ontology documentation in ``docs/ontology/``.

Run ``python -m kg.docs`` (options: ``--out DIR``, ``--ontology DIR``) after
editing ``ontology/*.ttl`` and commit the result.  Two maintained tools do the
rendering; both come with the ``docs`` extra (``pip install -e '.[docs]'``):

* `pyLODE <https://github.com/RDFLib/pyLODE>`_ 3.3.4 (BSD-3-Clause), OntPub
  profile: ``kg.html``, the OWL ontology ``kg.ttl`` (classes, properties,
  alignments).  3.3.4 is pinned: the 3.4.1 wheel on PyPI fails at import (it
  reads a ``pyproject.toml`` that the wheel does not ship), and pyLODE's VocPub
  profile renders no concepts, so it is not used for the SKOS schemes.
* `Ontospy <https://github.com/lambdamusic/Ontospy>`_ 2.7 (MIT), single-page
  HTML: ``vocabularies.html``, everything in one page, including every SKOS
  concept of ``roles.ttl``, ``org-types.ttl``, ``indicators.ttl``,
  ``units.ttl`` and ``qualifiers.ttl`` with its labels and definitions.

The output is deterministic: Ontospy's "generated on <date>" stamp is removed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import SKOS

from kg.lexicon import KG, default_ontology_dir, ontology_files

__all__ = ["build_docs", "main"]

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "ontology"
_STAMP = re.compile(r"(Ontospy</a>(?: v?[0-9.]+)?) on [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}")


def _require(module: str) -> None:
    try:
        __import__(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            f"kg.docs needs {module}: install the docs extra with  pip install -e '.[docs]'"
        ) from exc


def build_docs(out_dir: Path | None = None, ontology_dir: Path | None = None) -> list[Path]:
    """Write ``kg.html`` (pyLODE) and ``vocabularies.html`` (Ontospy) into ``out_dir``.

    ``out_dir`` defaults to the repository's ``docs/ontology/`` and is created if
    needed; ``ontology_dir`` defaults to :func:`kg.lexicon.default_ontology_dir`.
    Returns the paths written.  Raises ``SystemExit`` with an install hint when
    pyLODE or Ontospy is missing, and :class:`kg.lexicon.LexiconError` when an
    ontology file is missing.
    """
    _require("pylode")
    _require("ontospy")
    from ontospy import Ontospy
    from ontospy.gendocs.viz.viz_html_single import HTMLVisualizer
    from pylode import OntPub

    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    files = ontology_files(ontology_dir or default_ontology_dir())

    # pyLODE: kg.ttl alone.  Its OntPub profile takes any skos:ConceptScheme for the
    # ontology's own metadata, so the small scheme of unit types is left out here.
    owl = Graph().parse(files[0], format="turtle")
    owl.remove((KG.areaTypeScheme, RDF.type, SKOS.ConceptScheme))
    kg_html = out / "kg.html"
    OntPub(ontology=owl, sort_subjects=True).make_html(destination=kg_html, include_css=True)

    # Ontospy: all files in one page, SKOS concepts included.
    everything = Graph()
    for path in files:
        everything.parse(path, format="turtle")
    with tempfile.TemporaryDirectory() as tmp:
        spy = Ontospy(graph_obj=everything, pref_title="label", pref_lang="vi", verbose=False)
        viz = HTMLVisualizer(spy, title="kg: ontology and vocabularies")
        viz.build(output_path=tmp)
        html = (Path(tmp) / "index.html").read_text(encoding="utf-8")
        static = Path(tmp) / "static"
        if static.is_dir() and any(static.iterdir()):
            shutil.copytree(static, out / "static", dirs_exist_ok=True)
    vocab_html = out / "vocabularies.html"
    vocab_html.write_text(_STAMP.sub(r"\1", html), encoding="utf-8")
    return [kg_html, vocab_html]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m kg.docs [--out DIR] [--ontology DIR]``; prints the files written."""
    parser = argparse.ArgumentParser(prog="python -m kg.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--ontology", type=Path, default=None, help="ontology folder (default: the repository's ontology/)")
    args = parser.parse_args(argv)
    for path in build_docs(args.out, args.ontology):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
