"""Every string a user reads, in Chinese and English, in one catalog.

UI-free on purpose: the store's errors, the CLI and the Textual app all render from here.
`t(code, lang, **params)` formats with `str.format`; a missing language falls back to Chinese,
a missing code shows the code itself (so a gap is visible, never a crash).
"""
from __future__ import annotations

import re

DEFAULT_LANG = "zh"
LANGS = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {
    # ---- generic -----------------------------------------------------------------------
    "error.generic": {"zh": "出错了：{detail}", "en": "Something went wrong: {detail}"},
    "error.prefix": {"zh": "错误", "en": "Error"},
    "warning.prefix": {"zh": "提示", "en": "Warning"},
    "not_found": {"zh": "找不到{what}：{ident}", "en": "No such {what}: {ident}"},
    "what.task": {"zh": "任务", "en": "task"},
    "what.plan": {"zh": "方案", "en": "plan"},
    "what.note": {"zh": "备注", "en": "note"},
    "what.file": {"zh": "文件", "en": "file"},
    "what.section": {"zh": "栏目", "en": "section"},
    "what.changeset": {"zh": "修改记录", "en": "change"},
    # ---- states ------------------------------------------------------------------------
    "state.todo": {"zh": "未开始", "en": "to do"},
    "state.doing": {"zh": "进行中", "en": "in progress"},
    "state.done": {"zh": "已完成", "en": "done"},
    "state.na": {"zh": "不涉及", "en": "not applicable"},
    "flag.滞后": {"zh": "滞后", "en": "behind"},
    "state.with_flag": {"zh": "{state}（{flag}）", "en": "{state} ({flag})"},
    "role.lead": {"zh": "牵头", "en": "lead"},
    "role.support": {"zh": "配合", "en": "support"},
    "role.responsible": {"zh": "责任", "en": "responsible"},
    # ---- database ----------------------------------------------------------------------
    "db.refused": {"zh": "无法打开数据库 {path}：{why}", "en": "Cannot open the database {path}: {why}"},
    "db.not_sqlite": {
        "zh": "{path} 不是 taizhang 数据库（也不是 SQLite 文件），文件未被改动。",
        "en": "{path} is not a taizhang database (not an SQLite file); it was left untouched.",
    },
    "db.corrupt": {
        "zh": "{path} 已损坏或不完整，无法打开，文件未被改动。请从备份恢复（taizhang restore）。",
        "en": "{path} is damaged or truncated and cannot be opened; it was left untouched. "
        "Restore a backup (taizhang restore).",
    },
    "db.foreign": {
        "zh": "{path} 是其他程序的数据库，不是 taizhang 台账，文件未被改动。",
        "en": "{path} belongs to another program, not taizhang; it was left untouched.",
    },
    "db.newer": {
        "zh": "{path} 由更新版本的 taizhang 创建（数据格式 {found}，本程序支持 {ours}），请先升级 taizhang。文件未被改动。",
        "en": "{path} was made by a newer taizhang (format {found}; this one knows {ours}). "
        "Update taizhang first; the file was left untouched.",
    },
    "db.is_directory": {
        "zh": "{path} 是一个文件夹，不是数据库文件。",
        "en": "{path} is a folder, not a database file.",
    },
    "db.missing": {
        "zh": "找不到数据库文件 {path}。",
        "en": "No database file at {path}.",
    },
    "db.read_only": {
        "zh": "数据库是只读的，不能修改（{path}）。",
        "en": "The database is read-only; changes are not possible ({path}).",
    },
    "db.busy": {
        "zh": "数据库正被另一个程序占用，请稍后再试。",
        "en": "The database is busy in another program; try again in a moment.",
    },
    # ---- undo / redo -------------------------------------------------------------------
    "undo.nothing": {"zh": "没有可撤销的操作。", "en": "Nothing to undo."},
    "redo.nothing": {"zh": "没有可重做的操作。", "en": "Nothing to redo."},
    "redo.import_gone": {
        "zh": "撤销的导入无法重做，请重新导入该文件。",
        "en": "An undone import cannot be redone; import the file again.",
    },
    "undo.conflict": {
        "zh": "无法撤销：任务 {task} 已被再次修改。再按一次可撤销更早的操作。",
        "en": "Cannot undo: task {task} has changed since. Press again to undo an older change.",
    },
    "undo.done": {"zh": "已撤销：{what}", "en": "Undone: {what}"},
    "redo.done": {"zh": "已重做：{what}", "en": "Redone: {what}"},
    "change.state": {"zh": "任务 {task} {before} → {after}", "en": "task {task} {before} → {after}"},
    "change.note_added": {"zh": "任务 {task} 新增备注", "en": "task {task}: note added"},
    "change.note_edited": {"zh": "任务 {task} 修改备注", "en": "task {task}: note edited"},
    "change.note_deleted": {"zh": "任务 {task} 删除备注", "en": "task {task}: note deleted"},
    "change.import": {"zh": "导入方案《{title}》", "en": "import of {title}"},
    "change.many": {"zh": "{count} 个任务 {before} → {after}", "en": "{count} tasks {before} → {after}"},
    "change.other": {"zh": "{count} 项修改", "en": "{count} change(s)"},
    # ---- import ------------------------------------------------------------------------
    "import.failed": {"zh": "{where}：{why}", "en": "{where}: {why}"},
    "import.empty": {"zh": "文件是空的。", "en": "the file is empty."},
    "import.binary": {
        "zh": "这不是文字版的方案（看起来是二进制文件）。请导入 .txt/.docx/.xlsx 等文字文件。",
        "en": "this is not a text plan (it looks like a binary file).",
    },
    "import.too_large": {
        "zh": "文件太大（{size} MB，上限 {limit} MB），不像是一份方案。",
        "en": "the file is too large ({size} MB; the limit is {limit} MB) to be a plan.",
    },
    "import.encoding": {
        "zh": "无法识别文件的编码（支持 UTF-8、GB18030/GBK、带 BOM 的 UTF-16）。",
        "en": "the text encoding is not recognised (UTF-8, GB18030/GBK and UTF-16 with a BOM are).",
    },
    "import.no_tasks": {
        "zh": "没有找到编号的任务（如“1.”“（一）”）。请确认这是分工方案。",
        "en": "no numbered tasks were found (such as “1.” or “（一）”). Is this a work-division plan?",
    },
    "import.unsupported": {
        "zh": "不支持这种文件格式（{suffix}）。",
        "en": "this file format ({suffix}) is not supported.",
    },
    "import.unreadable": {"zh": "无法读取文件：{detail}", "en": "the file cannot be read: {detail}"},
    "import.bad_docx": {
        "zh": "无法作为 Word 文档（.docx）读取：{detail}。请用 Word 或 WPS 打开后另存为 .docx 再导入。",
        "en": "cannot be read as a Word document (.docx): {detail}. Open it in Word or WPS, save it as .docx and import that.",
    },
    "import.bad_sheet": {
        "zh": "无法作为电子表格读取：{detail}。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
        "en": "cannot be read as a spreadsheet: {detail}. Open it in Excel or WPS, save it as .xlsx and import that.",
    },
    "import.bad_html": {"zh": "无法作为网页读取：{detail}", "en": "cannot be read as a web page: {detail}"},
    "import.needs_docx": {
        "zh": "{suffix} 格式需要先转换：请用 WPS 或 Word 打开，选择“另存为”，保存为 .docx 格式后再导入。（安装 LibreOffice 后可直接导入。）",
        "en": "{suffix} files need converting: open it in WPS or Word, choose Save As (另存为) .docx and import that. (With LibreOffice installed it imports directly.)",
    },
    "import.needs_xlsx": {
        "zh": "{suffix} 格式无法直接读取：请用 WPS 表格或 Excel 打开，选择“另存为”，保存为 .xlsx 格式后再导入。",
        "en": "{suffix} files cannot be read directly: open it in WPS Spreadsheets or Excel, choose Save As (另存为) .xlsx and import that.",
    },
    "import.convert_failed": {
        "zh": "用 LibreOffice 转换失败（{detail}）。请用 WPS 或 Word 打开，另存为 .docx 后再导入。",
        "en": "converting with LibreOffice failed ({detail}). Open it in WPS or Word, save it as .docx and import that.",
    },
    "import.pdf_missing": {
        "zh": "读取 PDF 需要 pdfplumber 组件：请运行 pip install \"taizhang[pdf]\"（或 pip install pdfplumber）。也可以把原文另存为 .docx 后导入。",
        "en": "reading PDF needs pdfplumber: run pip install \"taizhang[pdf]\" (or pip install pdfplumber), or save the document as .docx and import that.",
    },
    "import.pdf_scanned": {
        "zh": "这个 PDF 是扫描的图片，没有文字层，无法读取。请找文字版（.docx、.xlsx 或可复制文字的 PDF）再导入。",
        "en": "this PDF is a scanned image with no text layer. Find a text version (.docx, .xlsx or a PDF whose text can be copied) and import that.",
    },
    "import.bad_pdf": {"zh": "无法读取这个 PDF：{detail}", "en": "cannot read this PDF: {detail}"},
    "import.bad_json": {
        "zh": "不是 taizhang 导出的 JSON（{detail}）。",
        "en": "not a taizhang JSON export ({detail}).",
    },
    "import.skipped_same": {
        "zh": "已导入过（方案 #{plan_id}《{title}》），跳过。",
        "en": "already imported (plan #{plan_id} {title}); skipped.",
    },
    "import.done": {
        "zh": "已导入《{title}》：{sections} 个栏目，{tasks} 项任务（{due} 项有期限）。",
        "en": "Imported {title}: {sections} sections, {tasks} tasks ({due} with a due date).",
    },
    "import.untitled": {"zh": "（无标题）", "en": "(untitled)"},
    "import.revised": {
        "zh": "这是方案 #{plan_id}《{title}》的修订版，作为新方案导入。",
        "en": "a revision of plan #{plan_id} {title}; imported as a new plan.",
    },
    "import.summary_failed": {"zh": "{count} 个文件导入失败。", "en": "{count} file(s) failed to import."},
    # warnings
    "warn.gap": {"zh": "任务编号跳号：{before} 之后是 {after}", "en": "task numbers skip from {before} to {after}"},
    "warn.restart": {"zh": "任务编号在新栏目重新从 {no} 开始", "en": "task numbers restart at {no} in a new section"},
    "warn.duplicate": {"zh": "任务编号重复或倒退：{no}（前一项为 {before}）", "en": "task number {no} repeats or goes back (after {before})"},
    "warn.no_units": {"zh": "任务 {no} 没有责任单位", "en": "task {no} has no units"},
    "warn.punct_row": {"zh": "忽略只有标点的行", "en": "a row of punctuation only was dropped"},
    "warn.control_chars": {"zh": "已删除控制字符", "en": "control characters were removed"},
    "warn.units_unparsed": {"zh": "任务 {no} 的单位中有无法识别的部分：{text}", "en": "task {no}: part of the units was not understood: {text}"},
    "warn.orphan_text": {"zh": "忽略了无法归入任务的文字：{text}", "en": "text that belongs to no task was left out: {text}"},
    "warn.row_prose": {"zh": "这一行像是说明文字，不是任务，已跳过：{text}", "en": "a row of prose, not a task, was skipped: {text}"},
    "warn.row_joined": {"zh": "这一行没有编号，已接在任务 {no} 后面（跨页续行？）", "en": "a row without a number was joined to task {no} (cut by a page break?)"},
    "warn.row_no_task": {"zh": "这一行有单位或时限但没有任务，已跳过：{text}", "en": "a row with units or a time limit but no task was skipped: {text}"},
    "warn.table_skipped": {"zh": "这个表格没有找到任务列，已跳过：{text}", "en": "a table without a task column was skipped: {text}"},
    "warn.state_unknown": {"zh": "任务 {no} 的完成情况“{word}”不是状态词，已保留为备注", "en": "task {no}: “{word}” is not a state word; kept as a note"},
    "warn.state_column_notes": {"zh": "“{column}”一列没有状态词（已完成、推进中……），整列保留为备注", "en": "the column “{column}” holds no state words (已完成, 推进中 …); kept as notes"},
    "warn.sheet_skipped": {"zh": "工作表“{sheet}”{why}，已跳过", "en": "sheet “{sheet}” skipped: {why}"},
    "warn.sheet_hidden": {"zh": "是隐藏的", "en": "it is hidden"},
    "warn.merges_unread": {"zh": "无法读取合并单元格（{detail}），合并的格子按空白处理", "en": "merged cells could not be read ({detail}); merged slots read as empty"},
    # ---- config ------------------------------------------------------------------------
    "config.broken": {
        "zh": "配置文件 {path} 第 {line} 行有错误，已使用默认设置：{detail}",
        "en": "The config file {path} has an error at line {line}; using defaults: {detail}",
    },
    "config.unreadable": {"zh": "无法读取配置文件 {path}：{detail}", "en": "Cannot read the config file {path}: {detail}"},
    "config.bad_value": {
        "zh": "配置文件 {path} 中 {key} 的值不对（应为{kind}），已忽略。",
        "en": "In the config file {path}, {key} is not a valid {kind}; ignored.",
    },
    # ---- command line ------------------------------------------------------------------
    "cli.description": {
        "zh": "taizhang 台账：导入分工方案，逐项跟进，导出落实情况。",
        "en": "taizhang: import a work-division plan, follow each task, export its status.",
    },
    "cli.help.db": {"zh": "数据库文件（默认在用户数据文件夹）", "en": "the database file (default: the user data folder)"},
    "cli.help.config": {"zh": "配置文件路径", "en": "the config file"},
    "cli.help.lang": {"zh": "界面语言：zh 或 en", "en": "language: zh or en"},
    "cli.help.open": {"zh": "打开台账界面（默认）", "en": "open the ledger UI (the default)"},
    "cli.help.import": {"zh": "导入方案文件（.txt/.json）", "en": "import plan files (.txt/.json)"},
    "cli.help.files": {"zh": "要导入的文件", "en": "files to import"},
    "cli.help.dry_run": {"zh": "只预览，不写入数据库", "en": "preview only; change nothing"},
    "cli.help.export": {"zh": "导出落实情况", "en": "export the ledger"},
    "cli.help.format": {"zh": "导出格式", "en": "export format"},
    "cli.help.output": {"zh": "输出文件（- 表示标准输出）", "en": "output file (- for standard output)"},
    "cli.help.force": {"zh": "覆盖已有文件", "en": "overwrite an existing file"},
    "cli.help.plan": {"zh": "方案编号或标题（可重复）", "en": "plan id or title (repeatable)"},
    "cli.help.status": {"zh": "显示各方案、栏目的完成进度", "en": "show progress per plan and section"},
    "cli.help.paths": {"zh": "显示数据库、配置、备份、导出文件的位置", "en": "show where the database, config, backups and exports live"},
    "cli.help.db_arg": {"zh": "要打开的数据库文件", "en": "the database file to open"},
    "cli.no_plans": {"zh": "数据库中还没有方案。用 taizhang import 文件 导入。", "en": "No plans yet. Import one with: taizhang import FILE"},
    "cli.exists": {"zh": "文件已存在：{path}（加 --force 覆盖）", "en": "The file exists: {path} (add --force to overwrite)"},
    "cli.exported": {"zh": "已导出到 {path}", "en": "Exported to {path}"},
    "cli.unknown_format": {"zh": "不支持的格式：{fmt}（可用：{valid}）", "en": "Unknown format {fmt} (valid: {valid})"},
    "cli.unknown_plan": {"zh": "找不到方案：{plan}", "en": "No such plan: {plan}"},
    "cli.db_missing_ui": {
        "zh": "找不到数据库文件 {path}。新建台账请直接运行 taizhang，或用 taizhang import 文件 --db {path}。",
        "en": "No database file at {path}. Run taizhang to start a new ledger, or taizhang import FILE --db {path}.",
    },
    "cli.dry_run": {"zh": "（预览，未写入）", "en": "(preview; nothing written)"},
    "cli.warnings": {"zh": "{count} 条提示：", "en": "{count} warning(s):"},
    "status.plan": {"zh": "方案 / 栏目", "en": "Plan / section"},
    "status.done": {"zh": "完成/总数", "en": "Done/total"},
    "status.progress": {"zh": "进度", "en": "Progress"},
    "status.overdue": {"zh": "逾期", "en": "Overdue"},
    "paths.database": {"zh": "数据库", "en": "Database"},
    "paths.config": {"zh": "配置文件", "en": "Config file"},
    "paths.backups": {"zh": "备份文件夹", "en": "Backups"},
    "paths.exports": {"zh": "导出文件夹", "en": "Exports"},
    "paths.exists": {"zh": "（存在）", "en": "(exists)"},
    "paths.missing": {"zh": "（尚未创建）", "en": "(not created yet)"},
    # ---- backups -----------------------------------------------------------------------
    "cli.help.backup": {"zh": "立即备份数据库（保存在数据库旁的 backups 文件夹）", "en": "back up the database now (into backups/ beside it)"},
    "cli.help.restore": {"zh": "从备份恢复数据库（先备份当前数据）", "en": "restore the database from a backup (the current one is backed up first)"},
    "cli.help.backup_file": {"zh": "备份文件", "en": "the backup file"},
    "backup.done": {"zh": "已备份到 {path}", "en": "Backed up to {path}"},
    "backup.restored": {"zh": "已从 {path} 恢复。", "en": "Restored from {path}."},
    "backup.saved_current": {"zh": "恢复前的数据已备份到 {path}", "en": "The data before the restore was backed up to {path}"},
    "backup.missing": {"zh": "找不到备份文件 {path}", "en": "No backup file at {path}"},
    # ---- origins -----------------------------------------------------------------------
    "origin.line": {"zh": "第 {n} 行", "en": "line {n}"},
    "origin.table_row": {"zh": "表格 {table} 第 {row} 行", "en": "table {table} row {row}"},
    "origin.sheet_row": {"zh": "工作表“{sheet}”第 {row} 行", "en": "sheet {sheet} row {row}"},
    "origin.paragraph": {"zh": "第 {n} 段", "en": "paragraph {n}"},
    "origin.page": {"zh": "第 {n} 页", "en": "page {n}"},
}

_ORIGIN_LINE = re.compile(r"^line (\d+)$")


def t(code: str, lang: str = DEFAULT_LANG, **params) -> str:
    entry = CATALOG.get(code)
    if entry is None:
        return code
    template = entry.get(lang) or entry.get(DEFAULT_LANG) or code
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def origin(value: str | None, lang: str = DEFAULT_LANG) -> str:
    """Render an importer origin ("line 57") in the user's language."""
    if not value:
        return ""
    m = _ORIGIN_LINE.match(value)
    if m:
        return t("origin.line", lang, n=m.group(1))
    return _origin_parts(value, lang)


_ORIGIN_PART = re.compile(r"(?:page (\d+) )?table (\d+) row (\d+)|sheet (.+?) row (\d+)|paragraph (\d+)|page (\d+)")


def _origin_parts(value: str, lang: str) -> str:
    """"page 2 table 1 row 3", "sheet 分工表 row 7", "paragraph 4" (nested: "… / table 1 row 2")."""
    out = []
    for part in value.split(" / "):
        m = _ORIGIN_PART.fullmatch(part)
        if not m:
            return value
        page, table, row, sheet, sheet_row, para, page_only = m.groups()
        if table:
            text = t("origin.table_row", lang, table=table, row=row)
            out.append(f"{t('origin.page', lang, n=page)} {text}" if page else text)
        elif sheet is not None:
            out.append(t("origin.sheet_row", lang, sheet=sheet, row=sheet_row))
        elif para:
            out.append(t("origin.paragraph", lang, n=para))
        else:
            out.append(t("origin.page", lang, n=page_only))
    return " / ".join(out)


def state_word(state: str, lang: str = DEFAULT_LANG) -> str:
    return t(f"state.{state}", lang)
