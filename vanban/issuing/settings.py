"""The ``[ban_hanh]`` table of ``vanban.toml``: where the register is, the keys, the images, the trust store.

Paths are relative to the ``vanban.toml`` that names them. Example::

    [ban_hanh]
    so_dang_ky = ".vanban/so-van-ban-di.sqlite"   # the register (SQLite file), or
    # co_so_du_lieu = "postgresql://vanthu@may-chu/vanban"   # one register shared by several machines
    ten_so = "chung"                    # which register of the body (Điều 15.3: one series per year)
    tin_cay = ["keys/ca.pem"]            # trust store of `vanban kiem-tra-chu-ky`
    # tsa = "http://tsa.example.vn"      # timestamp server (else the machine clock)

    [ban_hanh.nguoi_ky]                 # the competent person's key (ô 7c)
    p12 = "keys/nguoi-ky.p12"           # or pkcs11_module / pkcs11_token / pkcs11_key
    anh = "keys/chu-ky.png"             # blue signature image, transparent PNG
    mat_khau_bien = "VANBAN_PIN_NGUOI_KY"   # environment variable holding the password/PIN

    [ban_hanh.co_quan]                  # the organisation's key (ô 8)
    p12 = "keys/co-quan.p12"
    anh = "keys/dau.png"                # red seal image, transparent PNG
    duong_kinh_mm = 36                  # the seal's real size
    mat_khau_bien = "VANBAN_PIN_CO_QUAN"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Position, Severity
from ..fsio import CONFIG_NAME, find_config  # noqa: F401 (part of this module's API)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_REGISTER = ".vanban/so-van-ban-di.sqlite"
DEFAULT_REGISTER_NAME = "chung"
DEFAULT_SEAL_MM = 36.0  # dấu tròn of a cơ quan cấp tỉnh/sở is 35–42 mm; the real size is configured


@dataclass(frozen=True)
class KeySettings:
    """Where one key is: a PKCS#12 file or a PKCS#11 token (the USB tokens of Vietnamese CAs)."""

    p12: Path | None = None
    pkcs11_module: Path | None = None
    pkcs11_token: str | None = None
    pkcs11_key: str | None = None
    image: Path | None = None
    pin_variable: str = ""
    seal_mm: float = DEFAULT_SEAL_MM

    @property
    def configured(self) -> bool:
        return self.p12 is not None or self.pkcs11_module is not None


@dataclass(frozen=True)
class Settings:
    """The issuing settings of a project (``[ban_hanh]``), with the file they came from."""

    path: Path | None = None
    register_file: Path = Path(DEFAULT_REGISTER)
    register_url: str | None = None
    register_name: str = DEFAULT_REGISTER_NAME
    agency: str | None = None  # the body's name in the register (default: the spec's cơ quan)
    trust: tuple[Path, ...] = ()
    tsa_url: str | None = None
    signer: KeySettings = field(default_factory=lambda: KeySettings(pin_variable="VANBAN_PIN_NGUOI_KY"))
    organisation: KeySettings = field(default_factory=lambda: KeySettings(pin_variable="VANBAN_PIN_CO_QUAN"))
    output: Path = Path("out")

    @property
    def register_location(self) -> str:
        """The register as users name it: the PostgreSQL URL (without password) or the SQLite file."""
        if self.register_url:
            return _hide_password(self.register_url)
        return str(self.register_file)


def _hide_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


_KEY_KEYS = {"p12", "pkcs11_module", "pkcs11_token", "pkcs11_key", "anh", "mat_khau_bien", "duong_kinh_mm"}
_TOP_KEYS = {"so_dang_ky", "co_so_du_lieu", "ten_so", "co_quan_ban_hanh", "tin_cay", "tsa", "thu_muc",
             "nguoi_ky", "co_quan"}


class SettingsError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def load_settings(start: Path | None = None, *, config: Path | None = None) -> Settings:
    """The settings from ``config`` or the nearest ``vanban.toml`` above ``start`` (defaults without one:
    the SQLite register ``.vanban/so-van-ban-di.sqlite`` in the current folder). Raises
    :class:`SettingsError` (VB121 unreadable TOML, VB401 a wrong key or value)."""
    path = config or (find_config(start) if start is not None else None)
    if path is None:
        return Settings()
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError([Diagnostic("VB121", Severity.ERROR, f"không đọc được tệp cấu hình: {exc}", "",
                                        Position(name))]) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError([Diagnostic("VB121", Severity.ERROR, f"tệp cấu hình sai cú pháp TOML: {exc}", "",
                                        Position(name))]) from None
    section = data.get("ban_hanh", {})
    problems: list[Diagnostic] = []
    base = Path(path).resolve().parent

    def bad(key: str, message: str, hint: str = "") -> None:
        problems.append(Diagnostic("VB401", Severity.ERROR, message, f"ban_hanh.{key}", Position(name), hint))

    if not isinstance(section, dict):
        bad("", "`[ban_hanh]` phải là một bảng")
        raise SettingsError(problems)

    def text(table: dict, key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            bad(where, f"`{where}` phải là một chuỗi khác rỗng")
            return None
        return value

    def file(table: dict, key: str, where: str) -> Path | None:
        value = text(table, key, where)
        return None if value is None else (base / Path(value).expanduser())

    _unknown(section, _TOP_KEYS, "", bad)
    register_file = file(section, "so_dang_ky", "so_dang_ky") or (base / DEFAULT_REGISTER)
    url = text(section, "co_so_du_lieu", "co_so_du_lieu")
    if url is not None and not url.startswith(("postgresql://", "postgres://")):
        bad("co_so_du_lieu", "`co_so_du_lieu` phải là địa chỉ PostgreSQL (postgresql://…)",
            "ví dụ postgresql://vanthu@may-chu/vanban")
        url = None
    trust_value = section.get("tin_cay", [])
    if isinstance(trust_value, str):
        trust_value = [trust_value]
    if not isinstance(trust_value, list) or not all(isinstance(t, str) for t in trust_value):
        bad("tin_cay", "`tin_cay` phải là danh sách tệp chứng thư (.pem, .cer) tin cậy")
        trust_value = []
    keys = {}
    for role, variable in (("nguoi_ky", "VANBAN_PIN_NGUOI_KY"), ("co_quan", "VANBAN_PIN_CO_QUAN")):
        table = section.get(role, {})
        if not isinstance(table, dict):
            bad(role, f"`[ban_hanh.{role}]` phải là một bảng")
            table = {}
        _unknown(table, _KEY_KEYS, f"{role}.", bad)
        seal = table.get("duong_kinh_mm", DEFAULT_SEAL_MM)
        if isinstance(seal, bool) or not isinstance(seal, (int, float)) or not 20 <= seal <= 60:
            bad(f"{role}.duong_kinh_mm", "`duong_kinh_mm` phải là số từ 20 đến 60 (đường kính thật của dấu, mm)")
            seal = DEFAULT_SEAL_MM
        keys[role] = KeySettings(
            p12=file(table, "p12", f"{role}.p12"), pkcs11_module=file(table, "pkcs11_module", f"{role}.pkcs11_module"),
            pkcs11_token=text(table, "pkcs11_token", f"{role}.pkcs11_token"),
            pkcs11_key=text(table, "pkcs11_key", f"{role}.pkcs11_key"), image=file(table, "anh", f"{role}.anh"),
            pin_variable=text(table, "mat_khau_bien", f"{role}.mat_khau_bien") or variable, seal_mm=float(seal))
    if problems:
        raise SettingsError(problems)
    return Settings(
        path=Path(path), register_file=register_file, register_url=url,
        register_name=text(section, "ten_so", "ten_so") or DEFAULT_REGISTER_NAME,
        agency=text(section, "co_quan_ban_hanh", "co_quan_ban_hanh"),
        trust=tuple(base / t for t in trust_value), tsa_url=text(section, "tsa", "tsa"),
        signer=keys["nguoi_ky"], organisation=keys["co_quan"],
        output=file(section, "thu_muc", "thu_muc") or Path("out"))


def _unknown(table: dict, allowed: set[str], prefix: str, bad) -> None:
    import difflib

    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            bad(f"{prefix}{key}", f"khóa `{key}` không có trong `[ban_hanh{'.' + prefix[:-1] if prefix else ''}]`",
                f"có phải ý bạn là `{close[0]}`?" if close else "")
