"""One clerk of the concurrency test: take N numbers from the register named on the command line."""

import datetime as dt
import sys
from pathlib import Path

from vanban.issuing.register import Record, open_register
from vanban.issuing.settings import Settings

where, count, clerk = sys.argv[1], int(sys.argv[2]), sys.argv[3]
settings = Settings(register_url=where) if where.startswith("postgresql://") else Settings(register_file=Path(where))
record = Record("Công văn", "UBND-VP", "thử cấp số đồng thời", "Chủ tịch Nguyễn Văn A", ("Sở Nội vụ",), ("VT",), 2)
with open_register(settings) as register:
    for i in range(count):
        entry = register.allocate("Ủy ban nhân dân tỉnh X", "chung", dt.date(2026, 3, 5), record, f"{clerk}-{i}.yaml")
        print(entry.number)
