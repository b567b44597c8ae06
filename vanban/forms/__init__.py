"""Report forms as a service: Excel workbooks of biểu mẫu (``xlsx``), reading returned forms back (``collect``)
and the summary of what every unit sent (``summary``). The forms' model is :mod:`vanban.model.forms`, their
tables in the .docx are written by :mod:`vanban.render.forms`."""
