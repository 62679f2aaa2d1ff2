"""`taizhang config`: where the config file is and what it says; `taizhang config set KEY VALUE`.

The clerk sets a name and a unit without opening a TOML file: `taizhang config set name 张三`.
The file is edited with tomlkit, so whatever else it holds (comments, [keymap], [units]) stays as
written, and it is replaced in one step (written beside, then renamed). A value that is not
valid is refused before anything is written; an empty value removes the key (its default again).
"""
from __future__ import annotations

import re
from pathlib import Path

from store import i18n
from store.errors import TaizhangError
from tui.cli.common import add_globals, say

# key → (table, key in it, kind). The README's table of settings lists the same keys.
KEYS = {
    "name": ("clerk", "name", "text"),
    "unit": ("clerk", "unit", "text"),
    "aliases": ("clerk", "aliases", "list"),
    "language": ("ui", "language", "language"),
    "theme": ("ui", "theme", "text"),
    "database": ("ledger", "database", "path"),
    "export_folder": ("ledger", "export_folder", "path"),
}
_LIST_SEP = re.compile(r"[,，、;；]")


NAME = "config"


def add_parser(sub, lang: str) -> None:
    t = lambda code: i18n.t(code, lang)  # noqa: E731
    p = sub.add_parser("config", help=t("cli.help.config_cmd"))
    csub = p.add_subparsers(dest="config_command")
    q = csub.add_parser("set", help=t("cli.help.config_set"))
    q.add_argument("key", help=", ".join(KEYS))
    q.add_argument("value", help=t("cli.help.config_value"))
    add_globals(q, lang)
    add_globals(p, lang)


def run(args, cfg, db, lang: str) -> int:
    from tui.config import default_config_path

    path = Path(cfg.path or default_config_path())
    if getattr(args, "config_command", None) == "set":
        key, value = set_value(path, args.key, args.value)
        if value is None:
            say([i18n.t("config.removed", lang, key=key, path=str(path))])
        else:
            say([i18n.t("config.set_done", lang, key=key, value=_show(value), path=str(path))])
        return 0
    say(describe(cfg, path, lang))
    return 0


def describe(cfg, path: Path, lang: str) -> list[str]:
    """The file's path, then every setting: its value, or that the default holds (and which)."""
    from store.unitnames import DEFAULT_ABBREVIATIONS, DEFAULT_CATCH_ALLS

    t = lambda code, **params: i18n.t(code, lang, **params)  # noqa: E731
    state = t("paths.exists" if path.exists() else "paths.missing")
    lines = [f"{t('paths.config')}: {path} {state}"]
    values = {
        "name": cfg.name,
        "unit": cfg.unit,
        "aliases": cfg.aliases,
        "language": cfg.language,
        "theme": cfg.theme,
        "database": cfg.database,
        "export_folder": cfg.export_folder,
    }
    defaults = {"database": cfg.db_path(), "export_folder": cfg.export_dir()}
    for key, value in values.items():
        label = t(f"config.key.{key}")
        if value in (None, []):
            default = defaults.get(key)
            shown = t("config.default_is", value=default) if default is not None else t("config.unset")
        else:
            shown = _show(value)
        lines.append(f"  {key}（{label}）= {shown}" if lang == "zh" else f"  {key} ({label}) = {shown}")
    for binding, keys in cfg.keymap.items():
        lines.append(f"  keymap.{binding} = {keys}")
    extra = [u for u in cfg.catch_alls if u not in DEFAULT_CATCH_ALLS]
    if extra:
        lines.append(f"  units.catch_alls = {_show(extra)}")
    for short, full in cfg.abbreviations:
        if (short, full) not in DEFAULT_ABBREVIATIONS:
            lines.append(f"  units.abbreviations.{short} = {full}")
    lines.append(t("config.how_to_set"))
    return lines


def set_value(path: Path, key: str, value: str) -> tuple[str, object]:
    """Write one setting into the file (created if missing); return (key, the value written or
    None when removed). Raises TaizhangError, writing nothing, when the key or value is wrong or
    the file cannot be parsed."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    from store.atomic import write_atomically

    name = key.strip().lower().replace("-", "_")
    name = next((k for k, (table, item, _) in KEYS.items() if name in (k, f"{table}.{item}")), None)
    if name is None:
        raise TaizhangError("config.unknown_key", key=key, valid=", ".join(KEYS))
    table, item, kind = KEYS[name]
    new = _parse(name, kind, value)
    try:
        text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        doc = tomlkit.parse(text)
    except ParseError as exc:
        raise TaizhangError("config.cannot_set", path=str(path), detail=str(exc)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TaizhangError("config.unreadable", path=str(path), detail=str(exc)) from exc
    section = doc.get(table)
    if section is not None and not isinstance(section, dict):
        raise TaizhangError("config.cannot_set", path=str(path), detail=f"[{table}] is not a table")
    if new is None:
        if section is not None and item in section:
            del section[item]
    else:
        if section is None:
            section = tomlkit.table()
            doc[table] = section
        section[item] = new
    try:
        write_atomically(path, tomlkit.dumps(doc))
    except OSError as exc:
        raise TaizhangError("config.cannot_write", path=str(path), detail=exc.strerror or str(exc)) from exc
    return name, new


def _parse(key: str, kind: str, value: str):
    value = value.strip()
    if not value:
        return None
    if kind == "list":
        return [v.strip() for v in _LIST_SEP.split(value) if v.strip()] or None
    if kind == "language" and value not in i18n.LANGS:
        raise TaizhangError("config.bad_language", value=value, valid=", ".join(i18n.LANGS))
    if kind == "path":  # absolute, so it means the same place from any folder
        return str(Path(value).expanduser().absolute())
    return value


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)
