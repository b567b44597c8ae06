"""Gửi từng nơi nhận: one copy of a letter per recipient, each addressed to that recipient alone.

``templating`` evaluates the ``{{ … }}`` templates of a spec in Jinja2's sandbox with Vietnamese
filters; ``data`` reads the per-recipient figures (CSV/XLSX); ``personalize`` makes the document of
one recipient; ``fast`` renders all copies from one rendering of the shared parts; ``batch`` writes
the run folder (copies, manifest.csv, merged .docx) atomically.
"""
