"""kg: knowledge graphs from Vietnamese local-government reports.

The pipeline runs one way: read → normalize → extract → resolve → emit RDF →
store → query / view.  Each stage is a module of this package:

``kg.read`` (files → :class:`kg.model.Report`), ``kg.text`` (decoding,
normalization, numbers, dates; no RDF), ``kg.extract`` (Report → mentions with
spans), ``kg.resolve`` (mentions → entities with stable IRIs and GSO codes),
``kg.emit`` (entities → RDF quads, one named graph per report), ``kg.store``,
``kg.query``, ``kg.view`` and ``kg.analytics``.
"""

__version__ = "0.1.0"
