"""Sổ đăng ký văn bản đi: the register that gives each issued document its number (Điều 15.3, Phụ lục IV).

Numbers run per issuing body, register and year from 01 (Điều 15.3: "bắt đầu liên tục từ số 01 vào ngày 01
tháng 01 và kết thúc vào ngày 31 tháng 12"), are never duplicated and never skipped, also when several
clerks take numbers at the same moment:

- the next number comes from a counter row (``bo_dem``) bumped by one ``INSERT … ON CONFLICT DO UPDATE …
  RETURNING`` in the same transaction that inserts the entry, so the row lock (PostgreSQL) or the write
  lock (SQLite, ``BEGIN IMMEDIATE``) serialises the clerks and a rolled-back transaction gives its number
  back; the table also carries ``UNIQUE (co_quan, so_dang_ky, nam, so)``;
- an entry is first *reserved* (``dang_cap``) and becomes *issued* (``da_cap``) only once its files are in
  place; a run that was interrupted takes its own reservation back when it is run again (the same spec),
  so a crash leaves neither a gap nor a number without its document;
- cancelling a number (thu hồi, Điều 18) adds a row to ``thu_hoi``: nothing is ever deleted.

The embedded default is one SQLite file; an office whose clerks work on several machines points
``co_so_du_lieu`` in ``vanban.toml`` at PostgreSQL (psycopg 3).
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..diagnostics import Diagnostic, Position, Severity, UserError
from .settings import Settings

PENDING, ISSUED = "dang_cap", "da_cap"

_TABLES = (
    """CREATE TABLE IF NOT EXISTS bo_dem (
        co_quan TEXT NOT NULL, so_dang_ky TEXT NOT NULL, nam INTEGER NOT NULL, so_cuoi INTEGER NOT NULL,
        PRIMARY KEY (co_quan, so_dang_ky, nam))""",
    """CREATE TABLE IF NOT EXISTS van_ban_di (
        id {id},
        co_quan TEXT NOT NULL, so_dang_ky TEXT NOT NULL, nam INTEGER NOT NULL, so INTEGER NOT NULL,
        ky_hieu TEXT NOT NULL, ngay TEXT NOT NULL, loai TEXT NOT NULL, trich_yeu TEXT NOT NULL,
        nguoi_ky TEXT NOT NULL, noi_nhan TEXT NOT NULL, luu TEXT NOT NULL, so_ban INTEGER,
        tep TEXT NOT NULL, ma_bam TEXT NOT NULL, trang_thai TEXT NOT NULL, ghi_luc TEXT NOT NULL,
        chu TEXT NOT NULL,
        UNIQUE (co_quan, so_dang_ky, nam, so))""",
    """CREATE TABLE IF NOT EXISTS thu_hoi (
        id {id}, van_ban_id INTEGER NOT NULL REFERENCES van_ban_di (id), ngay TEXT NOT NULL,
        ly_do TEXT NOT NULL, ghi_luc TEXT NOT NULL)""",
)


@dataclass(frozen=True)
class Record:
    """What the register keeps of a document (the columns of Phụ lục IV, mục I.2)."""

    type_name: str  # tên loại ("Công văn")
    code: str  # ký hiệu without the number ("UBND-KGVX")
    subject: str  # trích yếu
    signer: str  # người ký: chức vụ and họ tên
    recipients: tuple[str, ...]  # nơi nhận
    archive: tuple[str, ...] = ()  # đơn vị, người nhận bản lưu
    copies: int | None = None  # số lượng bản


@dataclass(frozen=True)
class Cancellation:
    """Thu hồi (Điều 18): when, and why."""

    date: _dt.date
    reason: str


@dataclass(frozen=True)
class Entry:
    """One line of the register."""

    id: int
    agency: str
    register: str
    year: int
    number: int
    date: _dt.date
    record: Record
    spec: str
    digests: dict = field(default_factory=dict, compare=False, hash=False)
    status: str = ISSUED
    cancelled: Cancellation | None = None

    @property
    def number_code(self) -> str:
        """"05/UBND-KGVX": the number with the decree's leading zero below 10 (§3.3)."""
        return f"{self.number:02d}/{self.record.code}"

    @property
    def issued(self) -> bool:
        return self.status == ISSUED


def register_error(message: str, location: str, hint: str = "") -> UserError:
    return UserError([Diagnostic("VB402", Severity.ERROR, message, "", Position(location), hint)])


class Register:
    """An open register (use :func:`open_register`)."""

    def __init__(self, conn, *, postgres: bool, location: str):
        self._conn = conn
        self._pg = postgres
        self.location = location

    # ------------------------------------------------------------------ plumbing

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._pg else sql

    def _exec(self, sql: str, params=()):
        cur = self._conn.cursor()
        cur.execute(self._sql(sql), params)
        return cur

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._pg:
            with self._conn.transaction():
                yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _create(self) -> None:
        ident = "BIGSERIAL PRIMARY KEY" if self._pg else "INTEGER PRIMARY KEY AUTOINCREMENT"
        with self._transaction():
            if self._pg:  # CREATE TABLE IF NOT EXISTS races between servers' sessions: serialise it
                self._exec("SELECT pg_advisory_xact_lock(3020200305)")
            for table in _TABLES:
                self._exec(table.format(id=ident))

    def close(self) -> None:
        self._conn.close()

    # ------------------------------------------------------------------ numbers

    def reserve(self, agency: str, register: str, date: _dt.date, record: Record, spec: str) -> Entry:
        """The number for ``spec``: its own reservation left by an interrupted run (taken back with the new
        record and date), else the next number of (``agency``, ``register``, year), reserved."""
        now, owner = _now(), _owner()
        with self._transaction():
            rows = self._exec(
                "SELECT id, so, chu, ghi_luc FROM van_ban_di WHERE co_quan = ? AND so_dang_ky = ? AND nam = ? "
                "AND tep = ? AND trang_thai = ? ORDER BY so", (agency, register, date.year, spec, PENDING)).fetchall()
            row = next((r for r in rows if _abandoned(r[2], r[3])), None)
            if row is not None:
                entry_id, number = row[0], row[1]
                self._exec("UPDATE van_ban_di SET ngay = ?, loai = ?, ky_hieu = ?, trich_yeu = ?, nguoi_ky = ?, "
                           "noi_nhan = ?, luu = ?, so_ban = ?, ghi_luc = ?, chu = ? WHERE id = ?",
                           (date.isoformat(), *_record_values(record), now, owner, entry_id))
            else:
                number = self._exec(
                    "INSERT INTO bo_dem (co_quan, so_dang_ky, nam, so_cuoi) VALUES (?, ?, ?, 1) "
                    "ON CONFLICT (co_quan, so_dang_ky, nam) DO UPDATE SET so_cuoi = bo_dem.so_cuoi + 1 "
                    "RETURNING so_cuoi", (agency, register, date.year)).fetchone()[0]
                entry_id = self._exec(
                    "INSERT INTO van_ban_di (co_quan, so_dang_ky, nam, so, ngay, loai, ky_hieu, trich_yeu, nguoi_ky, "
                    "noi_nhan, luu, so_ban, tep, ma_bam, trang_thai, ghi_luc, chu) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (agency, register, date.year, number, date.isoformat(), *_record_values(record), spec, "{}",
                     PENDING, now, owner)).fetchone()[0]
        return Entry(entry_id, agency, register, date.year, number, date, record, spec, {}, PENDING)

    def complete(self, entry: Entry, digests: dict[str, str]) -> Entry:
        """Mark a reserved entry issued, with the SHA-256 of the files that carry its number."""
        with self._transaction():
            self._exec("UPDATE van_ban_di SET trang_thai = ?, ma_bam = ?, ghi_luc = ? WHERE id = ?",
                       (ISSUED, json.dumps(digests, sort_keys=True, ensure_ascii=False), _now(), entry.id))
        return Entry(entry.id, entry.agency, entry.register, entry.year, entry.number, entry.date, entry.record,
                     entry.spec, dict(digests), ISSUED)

    def allocate(self, agency: str, register: str, date: _dt.date, record: Record, spec: str,
                 digests: dict[str, str] | None = None) -> Entry:
        """Reserve and issue at once (a number whose document needs no file written in between)."""
        return self.complete(self.reserve(agency, register, date, record, spec), digests or {})

    def cancel(self, agency: str | None, register: str, year: int, number: int, reason: str,
               date: _dt.date | None = None) -> Entry:
        """Thu hồi (Điều 18): a row in ``thu_hoi`` for the number; the entry stays (VB406 when there is no
        such number, or it was cancelled already)."""
        with self._transaction():
            rows = self._exec(
                "SELECT id, co_quan FROM van_ban_di WHERE so_dang_ky = ? AND nam = ? AND so = ?"
                + (" AND co_quan = ?" if agency else ""),
                (register, year, number, *((agency,) if agency else ()))).fetchall()
            if len(rows) != 1:
                what = "không có" if not rows else "có ở nhiều cơ quan (ghi rõ --co-quan)"
                raise UserError([Diagnostic("VB406", Severity.ERROR,
                                            f"số {number:02d} năm {year} của sổ `{register}` {what} trong sổ đăng ký",
                                            "", Position(self.location))])
            entry_id = rows[0][0]
            if self._exec("SELECT 1 FROM thu_hoi WHERE van_ban_id = ?", (entry_id,)).fetchone():
                raise UserError([Diagnostic("VB406", Severity.ERROR, f"số {number:02d} năm {year} đã thu hồi rồi",
                                            "", Position(self.location))])
            self._exec("INSERT INTO thu_hoi (van_ban_id, ngay, ly_do, ghi_luc) VALUES (?, ?, ?, ?)",
                       (entry_id, (date or _dt.date.today()).isoformat(), reason, _now()))
        return self.entry(entry_id)

    # ------------------------------------------------------------------ reading

    _SELECT = ("SELECT v.id, v.co_quan, v.so_dang_ky, v.nam, v.so, v.ngay, v.loai, v.ky_hieu, v.trich_yeu, "
               "v.nguoi_ky, v.noi_nhan, v.luu, v.so_ban, v.tep, v.ma_bam, v.trang_thai, t.ngay, t.ly_do "
               "FROM van_ban_di v LEFT JOIN thu_hoi t ON t.van_ban_id = v.id")

    def entry(self, entry_id: int) -> Entry:
        return _entry(self._exec(self._SELECT + " WHERE v.id = ?", (entry_id,)).fetchone())

    def entries(self, *, year: int | None = None, agency: str | None = None, register: str | None = None,
                pending: bool = False) -> list[Entry]:
        """The entries in the order of the register (body, register, year, number); reservations only
        with ``pending``."""
        where, params = [], []
        for column, value in (("v.nam", year), ("v.co_quan", agency), ("v.so_dang_ky", register)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if not pending:
            where.append("v.trang_thai = ?")
            params.append(ISSUED)
        sql = self._SELECT + (" WHERE " + " AND ".join(where) if where else "") + \
            " ORDER BY v.co_quan, v.so_dang_ky, v.nam, v.so"
        return [_entry(row) for row in self._exec(sql, tuple(params)).fetchall()]


def _record_values(record: Record) -> tuple:
    return (record.type_name, record.code, record.subject, record.signer,
            json.dumps(list(record.recipients), ensure_ascii=False), json.dumps(list(record.archive),
                                                                                ensure_ascii=False), record.copies)


def _entry(row) -> Entry:
    (entry_id, agency, register, year, number, date, type_name, code, subject, signer, recipients, archive, copies,
     spec, digests, status, cancel_date, reason) = row
    record = Record(type_name, code, subject, signer, tuple(json.loads(recipients)), tuple(json.loads(archive)),
                    copies)
    cancelled = Cancellation(_dt.date.fromisoformat(cancel_date), reason) if cancel_date else None
    return Entry(int(entry_id), agency, register, int(year), int(number), _dt.date.fromisoformat(date), record, spec,
                 json.loads(digests), status, cancelled)


#: A reservation of another machine is taken over only when it is older than this (its run is gone).
STALE_AFTER = _dt.timedelta(minutes=15)


def _owner() -> str:
    """Who holds a reservation: this machine and process."""
    import os
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def _abandoned(owner: str, written: str) -> bool:
    """A reservation whose run is over: a process of this machine that no longer runs, or one of another
    machine not touched for :data:`STALE_AFTER` (two clerks issuing the same spec at once never share it)."""
    import os
    import socket

    host, _, pid = owner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return True
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return _dt.datetime.now(_dt.timezone.utc) - _dt.datetime.fromisoformat(written) > STALE_AFTER


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


@contextmanager
def open_register(settings: Settings) -> Iterator[Register]:
    """The register named by ``settings``: PostgreSQL when ``co_so_du_lieu`` is set, else the SQLite file
    (created with its folder on first use). VB402 when it cannot be opened."""
    if settings.register_url:
        register = _open_postgres(settings.register_url, settings.register_location)
    else:
        register = _open_sqlite(settings.register_file)
    try:
        yield register
    finally:
        register.close()


def _open_sqlite(path: Path) -> Register:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=120, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        register = Register(conn, postgres=False, location=str(path))
        register._create()
    except (OSError, sqlite3.Error) as exc:
        raise register_error(f"không mở được sổ đăng ký văn bản đi: {exc}", str(path),
                             "xem `so_dang_ky` trong [ban_hanh] của vanban.toml") from None
    return register


def _open_postgres(url: str, location: str) -> Register:
    try:
        import psycopg
    except ImportError:
        raise register_error("cần gói psycopg để dùng sổ đăng ký trên PostgreSQL", location,
                             "cài bằng: pip install 'vanban[postgres]'") from None
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        register = Register(conn, postgres=True, location=location)
        register._create()
    except psycopg.Error as exc:
        raise register_error(f"không kết nối được sổ đăng ký trên PostgreSQL: {str(exc).strip()}", location,
                             "xem `co_so_du_lieu` trong [ban_hanh] của vanban.toml") from None
    return register
