"""The version of vanban: one place, read by the package (``vanban.__version__``), the .docx metadata
(``docProps/app.xml``) and the build (``pyproject.toml``: ``dynamic = ["version"]``)."""

__version__ = "0.2.0"
