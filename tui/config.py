"""The clerk's settings: a TOML file read into a dataclass, and where things live on this machine.

A missing file means defaults. A broken one is reported with its line and the app starts with
defaults. The store never reads this: the UI and CLI hand it what it needs as arguments.

```toml
[ledger]
database = "D:/台账/taizhang.db"     # default: the user data folder
export_folder = "D:/台账/导出"        # default: <Documents>/taizhang

[clerk]
name = "张三"
unit = "区党政办"
aliases = ["党政办"]

[ui]
language = "zh"                      # or "en"
theme = "textual-dark"

[keymap]                             # binding id = keys (replaces the default keys)
tick = "space,t"

[units]
catch_alls = ["各单位", "市直各单位"]   # added to the defaults
abbreviations = { "发改委" = "发展改革委" }

[bulletin]                           # the 情况通报 of a round (taizhang bulletin, b in R)
title = "关于{round}重点任务落实情况的通报"   # the default; {round} is the round's name
issuer = "某某市人民政府办公室"        # 落款; default: [clerk] unit
number = "某办通报〔2024〕3号"        # 文号 under the title; default: none
date = "2024-07-20"                  # the date signed; default: the day it is written
```
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date as date_type
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 and older
    import tomli as tomllib

from store import i18n
from store.unitnames import DEFAULT_ABBREVIATIONS, DEFAULT_CATCH_ALLS

APP_NAME = "taizhang"


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=False))


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def documents_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / APP_NAME


def default_config_path() -> Path:
    env = os.environ.get("TAIZHANG_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


def default_db_path() -> Path:
    return data_dir() / "taizhang.db"


@dataclass
class Config:
    path: Path | None = None
    database: Path | None = None
    export_folder: Path | None = None
    name: str | None = None
    unit: str | None = None
    aliases: list[str] = field(default_factory=list)
    language: str = i18n.DEFAULT_LANG
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    catch_alls: list[str] = field(default_factory=lambda: list(DEFAULT_CATCH_ALLS))
    abbreviations: list[tuple[str, str]] = field(default_factory=lambda: list(DEFAULT_ABBREVIATIONS))
    bulletin_title: str | None = None
    bulletin_issuer: str | None = None
    bulletin_number: str | None = None
    bulletin_date: str | None = None
    problems: list[str] = field(default_factory=list)
    """What was wrong with the file, in the user's language (shown, never fatal)."""

    def db_path(self) -> Path:
        return self.database or default_db_path()

    def export_dir(self) -> Path:
        return self.export_folder or documents_dir()

    def bulletin_settings(self):
        """What the store needs to write a round's 情况通报 ([bulletin], the issuer defaulting to
        the clerk's unit)."""
        from store.exporting.bulletin import Settings

        return Settings(title=self.bulletin_title or "", issuer=self.bulletin_issuer or self.unit or "",
                        number=self.bulletin_number or "", date=self.bulletin_date or "")


def load_config(path: str | Path | None = None, lang: str | None = None) -> Config:
    """Read the config file; problems are collected, never raised."""
    cfg_path = Path(path) if path else default_config_path()
    cfg = Config(path=cfg_path)
    if not cfg_path.exists():
        if lang:
            cfg.language = lang
        return cfg
    try:
        data = tomllib.loads(cfg_path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = m.group(1) if m else "?"
        cfg.problems.append(("config.broken", {"path": str(cfg_path), "line": line, "detail": str(exc)}))
        if lang:
            cfg.language = lang
        return cfg
    except (OSError, UnicodeDecodeError) as exc:
        cfg.problems.append(("config.unreadable", {"path": str(cfg_path), "detail": str(exc)}))
        if lang:
            cfg.language = lang
        return cfg
    _apply(cfg, data)
    if lang:
        cfg.language = lang
    return cfg


def _apply(cfg: Config, data: dict) -> None:
    def section(name: str) -> dict:
        value = data.get(name, {})
        if not isinstance(value, dict):
            bad(name, "table")
            return {}
        return value

    def bad(key: str, kind: str) -> None:
        cfg.problems.append(("config.bad_value", {"path": str(cfg.path), "key": key, "kind": kind}))

    def text(table: dict, key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            bad(f"{where}.{key}", "text")
            return None
        return value.strip()

    ledger = section("ledger")
    if (db := text(ledger, "database", "ledger")) is not None:
        cfg.database = Path(db).expanduser()
    if (folder := text(ledger, "export_folder", "ledger")) is not None:
        cfg.export_folder = Path(folder).expanduser()
    clerk = section("clerk")
    cfg.name = text(clerk, "name", "clerk")
    cfg.unit = text(clerk, "unit", "clerk")
    aliases = clerk.get("aliases", [])
    if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
        cfg.aliases = [a.strip() for a in aliases if a.strip()]
    else:
        bad("clerk.aliases", "list")
    ui = section("ui")
    language = text(ui, "language", "ui")
    if language is not None:
        if language in i18n.LANGS:
            cfg.language = language
        else:
            bad("ui.language", "language")
    cfg.theme = text(ui, "theme", "ui")
    keymap = section("keymap")
    for key, value in keymap.items():
        if isinstance(value, str) and value.strip():
            cfg.keymap[key] = value.strip()
        else:
            bad(f"keymap.{key}", "text")
    units = section("units")
    extra = units.get("catch_alls", [])
    if isinstance(extra, list) and all(isinstance(a, str) for a in extra):
        cfg.catch_alls += [a for a in extra if a not in cfg.catch_alls]
    else:
        bad("units.catch_alls", "list")
    abbreviations = units.get("abbreviations", {})
    if isinstance(abbreviations, dict) and all(isinstance(v, str) for v in abbreviations.values()):
        cfg.abbreviations += [(k, v) for k, v in abbreviations.items()]
    else:
        bad("units.abbreviations", "table")
    bulletin = section("bulletin")
    cfg.bulletin_title = text(bulletin, "title", "bulletin")
    cfg.bulletin_issuer = text(bulletin, "issuer", "bulletin")
    cfg.bulletin_number = text(bulletin, "number", "bulletin")
    signed = bulletin.get("date")
    if isinstance(signed, date_type):  # TOML has dates: date = 2024-07-20 without quotes
        signed = signed.isoformat()
    if signed is not None:
        try:
            cfg.bulletin_date = date_type.fromisoformat(str(signed).strip()).isoformat()
        except ValueError:
            bad("bulletin.date", "2024-07-20")


def problem_messages(cfg: Config) -> list[str]:
    return [i18n.t(code, cfg.language, **params) for code, params in cfg.problems]


def save_name(cfg: Config, name: str) -> None:
    """Write the clerk's name back to the config file, keeping the user's comments (tomlkit)."""
    import tomlkit

    path = cfg.path or default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    if "clerk" not in doc:
        doc["clerk"] = tomlkit.table()
    doc["clerk"]["name"] = name
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    cfg.name = name
