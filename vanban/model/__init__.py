"""The model layer: the document as frozen dataclasses (``document``), its attached forms and tables
(``forms``, ``compute``, ``values``), the data of Nghị định 30 that every layer shares (``decree``) and
the walker over the body (``walk``). No YAML and no XML: specs are read by :mod:`vanban.spec`, documents
written by :mod:`vanban.render`.

``from vanban import model as m`` gives the document classes (``m.Document``, ``m.Paragraph`` …).
"""

from .decree import DocumentType, roman
from .document import *  # noqa: F401,F403
from .document import __all__ as _document_names

__all__ = ["DocumentType", "roman", *_document_names]
