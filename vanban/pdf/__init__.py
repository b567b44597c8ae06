"""PDF (and PDF/A-2b) of the rendered .docx through headless LibreOffice, and PNG page previews.

See :mod:`vanban.pdf.pool` for the process pool, :mod:`vanban.pdf.office` for finding LibreOffice and
:mod:`vanban.pdf.convert` for what the CLI calls.
"""

from .office import Office, find_office, find_pdftoppm
from .pool import OfficePool, PdfJob, PdfResult, default_workers

__all__ = ["Office", "OfficePool", "PdfJob", "PdfResult", "default_workers", "find_office", "find_pdftoppm"]
