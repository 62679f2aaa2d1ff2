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
    # ---- the core's write errors (issue 22/23) -------------------------------------------
    "db.waiting": {
        "zh": "另一个程序正在写入，稍后重试⋯⋯",
        "en": "Another program is writing; trying again⋯",
    },
    "db.disk_full": {
        "zh": "磁盘已满，这次修改没有保存（{path}）。请清理磁盘空间后再试；已保存的内容不受影响。",
        "en": "The disk is full; this change was not saved ({path}). Free some space and try "
        "again; what was saved before is safe.",
    },
    "db.damaged_write": {
        "zh": "数据库文件已损坏，这次修改没有保存（{path}）。请从备份恢复（taizhang restore）。",
        "en": "The database file is damaged; this change was not saved ({path}). Restore a "
        "backup (taizhang restore).",
    },
    "db.write_failed": {
        "zh": "写入数据库失败，这次修改没有保存（{path}）：{detail}",
        "en": "Writing to the database failed; this change was not saved ({path}): {detail}",
    },
    "db.damaged": {
        "zh": "数据库文件已损坏（{path}），为免损坏扩大，不再写入。最近一份完好的备份是 {backup}，"
        "可用 taizhang restore 恢复。",
        "en": "The database file is damaged ({path}); nothing more is written to it. The newest "
        "good backup is {backup}: restore it with taizhang restore.",
    },
    "db.damaged_no_backup": {
        "zh": "数据库文件已损坏（{path}），为免损坏扩大，不再写入。没有找到完好的备份，请联系技术人员。",
        "en": "The database file is damaged ({path}); nothing more is written to it. No good "
        "backup was found: ask IT for help.",
    },
    "db.wal_damaged": {
        "zh": "数据库的日志文件（-wal）已损坏：可恢复 {commits} 次保存，其后 {lost} 次保存无法读取。"
        "打开前已把数据库和日志文件原样复制到 {copy}，请交技术人员查看。",
        "en": "The database's log file (-wal) is damaged: {commits} saved changes can be "
        "recovered, {lost} after the damage cannot be read. The database and its log were "
        "copied as they were to {copy} before opening; give them to IT.",
    },
    "db.wal_damaged_no_copy": {
        "zh": "数据库的日志文件（-wal）已损坏：可恢复 {commits} 次保存，其后 {lost} 次保存无法读取。"
        "无法在备份文件夹中留存原样副本，请先关闭程序，把数据库和 -wal 文件复制出来交技术人员查看。",
        "en": "The database's log file (-wal) is damaged: {commits} saved changes can be "
        "recovered, {lost} after the damage cannot be read. No copy could be kept in the backups "
        "folder: close the program and copy the database and its -wal file for IT.",
    },
    "backup.damaged": {
        "zh": "备份文件 {path} 已损坏，不能用来恢复。请选择另一份备份（taizhang paths 显示备份文件夹）。",
        "en": "The backup {path} is damaged and cannot be restored. Choose another backup "
        "(taizhang paths shows the backups folder).",
    },
    "ui.damaged.restore": {"zh": "用这份备份恢复 (r)", "en": "Restore this backup (r)"},
    "ui.damaged.quit": {"zh": "退出 (q)", "en": "Quit (q)"},
    "ui.damaged.restored": {
        "zh": "已从备份 {backup} 恢复。损坏的文件已原样留存在 {saved}。",
        "en": "Restored from {backup}. The damaged files were kept as they were in {saved}.",
    },
    "key.restore_backup": {"zh": "从备份恢复", "en": "restore backup"},
    "db.read_only_wal": {
        "zh": "{path} 所在的文件夹是只读的，而数据库还有尚未并入的修改（旁边的 -wal 文件），在这里无法读取。"
        "文件没有损坏，也未被改动：请把数据库连同它旁边的 -wal 文件一起复制到可写的文件夹再打开。",
        "en": "{path} is in a read-only folder and has changes not yet merged into it (the -wal "
        "file beside it), which cannot be read here. The file is not damaged and was left "
        "untouched: copy it together with its -wal file to a writable folder and open it there.",
    },
    "db.state_changed": {
        "zh": "任务 {task} 已在另一个窗口改为“{state}”，本次操作未执行，界面已刷新。",
        "en": "Task {task} was changed to \"{state}\" in another window; nothing was done and the "
        "view has been refreshed.",
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
    "import.not_found": {"zh": "找不到这个文件，请检查路径和文件名。", "en": "there is no such file; check the path and the name."},
    "import.is_folder": {"zh": "这是一个文件夹，不是方案文件，请选择其中的文件。", "en": "this is a folder, not a plan file; choose a file in it."},
    "import.permission_denied": {
        "zh": "没有读取这个文件的权限（文件可能正被其他程序打开，或需要管理员权限）。",
        "en": "permission denied: this file may not be read (another program may hold it, or it needs other rights).",
    },
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
        "zh": "读取 PDF 需要可选组件 pdf（pdfplumber）：用离线安装包安装的，在安装文件夹中运行 install.bat pdf（Linux：sh install.sh pdf）；否则运行 pip install \"taizhang[pdf]\"。也可以把原文另存为 .docx 后导入。",
        "en": "reading PDF needs the optional part pdf (pdfplumber): installed from the offline bundle, run install.bat pdf (Linux: sh install.sh pdf) in the install folder; otherwise pip install \"taizhang[pdf]\". Or save the document as .docx and import that.",
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
    "import.would": {
        "zh": "将导入《{title}》：{sections} 个栏目，{tasks} 项任务（{due} 项有期限）。",
        "en": "Would import {title}: {sections} sections, {tasks} tasks ({due} with a due date).",
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
    "warn.sheet_hidden": {"zh": "工作表“{sheet}”是隐藏的，已跳过", "en": "the hidden sheet “{sheet}” was skipped"},
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
    "cli.help.import": {
        "zh": "导入方案文件（.docx .doc .wps .xlsx .xls .ods .html .pdf .txt 或 taizhang 导出的 .json）",
        "en": "import plan files (.docx .doc .wps .xlsx .xls .ods .html .pdf .txt, or a taizhang .json export)",
    },
    "cli.help.files": {"zh": "要导入的文件", "en": "files to import"},
    "cli.help.dry_run": {"zh": "只预览，不写入数据库", "en": "preview only; change nothing"},
    "cli.help.export": {"zh": "导出落实情况", "en": "export the ledger"},
    "cli.help.format": {"zh": "导出格式", "en": "export format"},
    "cli.help.output": {"zh": "输出文件（- 表示标准输出；给出文件夹则按默认文件名写在其中）", "en": "output file (- for standard output; a folder: the default file name in it)"},
    "cli.help.force": {"zh": "覆盖已有文件", "en": "overwrite an existing file"},
    "cli.help.round": {"zh": "报送轮次：new 开启、list 列出、close 结束", "en": "reporting rounds: new, list, close"},
    "cli.help.round_new": {"zh": "开启一个轮次", "en": "open a round"},
    "cli.help.round_due": {"zh": "截止日期，如 2024-07-15", "en": "due date, e.g. 2024-07-15"},
    "cli.help.round_list": {"zh": "列出轮次及报送情况", "en": "list rounds and returns"},
    "cli.help.round_close": {"zh": "结束轮次并留存台账快照", "en": "close a round and snapshot the ledger"},
    "cli.help.forms": {"zh": "为每个单位写出反馈表（.xlsx）", "en": "write a feedback form (.xlsx) per unit"},
    "cli.help.forms_round": {"zh": "轮次名称（默认：当前轮次）", "en": "round name (default: the current round)"},
    "cli.help.forms_output": {"zh": "写到这个文件夹", "en": "the folder to write to"},
    "cli.help.merge": {"zh": "合并各单位交回的反馈表", "en": "merge returned feedback forms"},
    "cli.help.merge_files": {"zh": "交回的反馈表（.xlsx、.xls、.ods）", "en": "returned forms (.xlsx, .xls, .ods)"},
    "cli.help.merge_unit": {"zh": "文件来源信息丢失时：它是哪个单位的", "en": "when the file no longer says: its unit"},
    "cli.help.merge_round": {"zh": "文件来源信息丢失时：它属于哪个轮次", "en": "when the file no longer says: its round"},
    "cli.help.merge_prefer": {"zh": "冲突时采用台账（ledger，默认）还是单位所报（unit）", "en": "in a conflict keep the ledger's state (default) or take the unit's"},
    "cli.help.status_round": {"zh": "显示该轮次的报送情况（催报名单）", "en": "show who has returned the round's forms"},
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
    # ---- offline bundle (python -m release.bundle, release tooling) ---------------------
    "cli.help.bundle": {
        "zh": "制作离线安装包（在能上网的电脑上运行，拷到不能上网的电脑上安装）",
        "en": "build the offline install bundle (on a connected machine, to install where there is no internet)",
    },
    "cli.help.bundle_output": {"zh": "安装包文件夹", "en": "the bundle folder"},
    "cli.help.bundle_zip": {"zh": "同时生成 文件夹.zip", "en": "also write FOLDER.zip"},
    "cli.help.bundle_target": {
        "zh": "目标平台：win_amd64、linux_x86_64、linux_aarch64，可重复（默认全部）",
        "en": "target platform: win_amd64, linux_x86_64, linux_aarch64; repeatable (default: all)",
    },
    "cli.help.bundle_python": {
        "zh": "Python 版本，可重复（默认 3.11、3.12、3.13）",
        "en": "Python version, repeatable (default: 3.11, 3.12, 3.13)",
    },
    "cli.help.bundle_force": {"zh": "覆盖以前生成的安装包", "en": "replace a bundle built before"},
    "bundle.step.wheel": {"zh": "正在生成 taizhang 的安装文件（wheel），源代码：{path}", "en": "Building the taizhang wheel from {path}"},
    "bundle.step.target": {
        "zh": "正在下载依赖：{target}（{platform}），Python {python}",
        "en": "Downloading dependencies: {target} ({platform}), Python {python}",
    },
    "bundle.step.marker": {
        "zh": "  补充下载 {target}、Python {python} 专用的依赖：{names}",
        "en": "  Fetching what only {target}, Python {python} needs: {names}",
    },
    "bundle.step.extra": {
        "zh": "正在下载可选组件 {extra}：{target}，Python {python}",
        "en": "Downloading the optional part {extra}: {target}, Python {python}",
    },
    "bundle.step.files": {"zh": "正在写入安装脚本、安装说明和示例", "en": "Writing the install scripts, 安装说明.txt and the samples"},
    "bundle.step.zip": {"zh": "正在压缩为 {path}", "en": "Zipping into {path}"},
    "bundle.done": {
        "zh": "离线安装包已生成：{path}（{size}，{wheels} 个 wheel）\n  平台：{targets}\n  Python：{pythons}",
        "en": "The offline bundle is in {path} ({size}, {wheels} wheels)\n  targets: {targets}\n  Python: {pythons}",
    },
    "bundle.done_zip": {"zh": "压缩包：{path}（{size}）", "en": "Zip: {path} ({size})"},
    "bundle.done_extras": {"zh": "  可选组件：{extras}", "en": "  optional parts: {extras}"},
    "bundle.extra_unavailable": {
        "zh": "可选组件 {extra} 在 {target}、Python {python} 上不可用，安装包里不带它：{detail}",
        "en": "The optional part {extra} is not available for {target}, Python {python}; left out: {detail}",
    },
    "bundle.failed": {"zh": "制作安装包失败：{detail}", "en": "Building the bundle failed: {detail}"},
    "bundle.no_source": {
        "zh": "找不到 taizhang 的源代码：{path} 中没有 taizhang 的 pyproject.toml。"
        "请在 taizhang 的源代码文件夹中运行 python -m release.bundle。",
        "en": "No taizhang source checkout: {path} has no taizhang pyproject.toml. "
        "Run python -m release.bundle in taizhang's source folder.",
    },
    "bundle.missing_file": {"zh": "源代码中缺少 {path}", "en": "The source checkout lacks {path}"},
    "bundle.bad_target": {"zh": "不认识的平台：{target}（可用：{valid}）", "en": "Unknown target {target} (valid: {valid})"},
    "bundle.bad_python": {
        "zh": "不支持的 Python 版本：{python}（要 3.11 或更高，写成 3.12 这样）",
        "en": "Unsupported Python version {python} (3.11 or newer, written like 3.12)",
    },
    "bundle.exists": {
        "zh": "{path} 里已经有一个安装包（加 --force 替换它）",
        "en": "{path} already holds a bundle (add --force to replace it)",
    },
    "bundle.not_a_bundle": {
        "zh": "{path} 已存在且不是空文件夹，也不是 taizhang 安装包，不会动它。请换一个新的或空的文件夹。",
        "en": "{path} exists, is not empty and is not a taizhang bundle; it was left alone. Choose a new or empty folder.",
    },
    "bundle.zip_exists": {"zh": "文件已存在：{path}（加 --force 覆盖）", "en": "The file exists: {path} (add --force to overwrite)"},
    "bundle.wheel_failed": {"zh": "生成 taizhang 的 wheel 失败：\n{detail}", "en": "Building the taizhang wheel failed:\n{detail}"},
    "bundle.bad_wheel": {"zh": "{path} 不是完整的 wheel 文件", "en": "{path} is not a complete wheel"},
    "bundle.no_wheel": {
        "zh": "依赖 {dependency} 没有适用于 {target}（{platform}）、Python {python} 的 wheel（{needed_by} 要求 {requirement}）。"
        "离线安装包要求每个依赖都有目标平台的 wheel：请换用有 wheel 的版本，或用 --target / --python 去掉这个平台。",
        "en": "The dependency {dependency} has no wheel for {target} ({platform}), Python {python} "
        "({needed_by} wants {requirement}). The offline bundle needs a wheel of every dependency for "
        "every target: use a version that has one, or leave this target out with --target / --python.",
    },
    "bundle.network": {
        "zh": "下载失败：连不上软件包仓库（PyPI）。制作安装包（python -m release.bundle）要在能上网的电脑上运行。\n{detail}",
        "en": "Download failed: the package index (PyPI) cannot be reached. Build the bundle (python -m release.bundle) on a connected machine.\n{detail}",
    },
    "bundle.conflict": {
        "zh": "{target}、Python {python} 的依赖版本互相冲突：\n{detail}",
        "en": "The dependencies conflict for {target}, Python {python}:\n{detail}",
    },
    "bundle.pip_failed": {"zh": "pip 出错（{target}，Python {python}）：\n{detail}", "en": "pip failed ({target}, Python {python}):\n{detail}"},
    # ---- exports (issue 4): every header and word of a report ---------------------------
    "export.col.plan": {"zh": "方案", "en": "Plan"},
    "export.col.no": {"zh": "序号", "en": "No."},
    "export.col.section": {"zh": "工作任务", "en": "Work item"},
    "export.col.text": {"zh": "具体要求", "en": "Task"},
    "export.col.lead": {"zh": "牵头单位", "en": "Lead unit"},
    "export.col.units": {"zh": "责任单位", "en": "Responsible units"},
    "export.col.time_limit": {"zh": "完成时限", "en": "Time limit"},
    "export.col.due": {"zh": "到期日", "en": "Due"},
    "export.col.state": {"zh": "完成情况", "en": "Status"},
    "export.col.notes": {"zh": "进展说明", "en": "Progress notes"},
    "export.col.updated": {"zh": "更新时间", "en": "Updated"},
    "export.sum.name": {"zh": "方案 / 栏目", "en": "Plan / section"},
    "export.sum.unit": {"zh": "牵头单位", "en": "Lead unit"},
    "export.sum.total": {"zh": "任务数", "en": "Tasks"},
    "export.sum.percent": {"zh": "完成率", "en": "Done %"},
    "export.sum.progress": {"zh": "进度", "en": "Progress"},
    "export.sum.overdue": {"zh": "逾期", "en": "Overdue"},
    "export.sum.all": {"zh": "合计", "en": "Total"},
    "export.summary": {"zh": "汇总", "en": "Summary"},
    "export.by_section": {"zh": "按方案、栏目统计", "en": "By plan and section"},
    "export.by_unit": {"zh": "按牵头单位统计", "en": "By lead unit"},
    "export.by_unit_note": {
        "zh": "无牵头单位的任务计入其责任单位；一项任务有几个牵头单位，就计入每一个。完成率 = 已完成 ÷（任务数 − 不涉及）。",
        "en": "Tasks without a lead unit count under their responsible units; a task with several "
        "lead units counts for each. Done % = done ÷ (tasks − not applicable).",
    },
    "export.ledger": {"zh": "台账", "en": "Ledger"},
    "export.title_all": {"zh": "工作任务落实情况台账", "en": "Task status report"},
    "export.issuer": {"zh": "发文单位", "en": "Issued by"},
    "export.doc_no": {"zh": "文号", "en": "Document no."},
    "export.issued": {"zh": "印发日期", "en": "Issued"},
    "export.exported_at": {"zh": "导出时间", "en": "Exported"},
    "export.filter": {"zh": "筛选条件", "en": "Filter"},
    "export.filter.states": {"zh": "完成情况：{value}", "en": "status: {value}"},
    "export.filter.units": {"zh": "单位：{value}", "en": "units: {value}"},
    "export.filter.overdue": {"zh": "已逾期", "en": "overdue"},
    "export.filter.due_within": {"zh": "{days} 天内到期", "en": "due within {days} days"},
    "export.filter.query": {"zh": "搜索：{value}", "en": "search: {value}"},
    "export.filter.open": {"zh": "未完成", "en": "not done"},
    "export.no_tasks": {"zh": "没有符合条件的任务。", "en": "No tasks match."},
    "export.no_unit": {"zh": "（未列明单位）", "en": "(no unit named)"},
    "export.note": {"zh": "{date} {author}：{text}", "en": "{date} {author}: {text}"},
    "export.note_unit": {"zh": "{author}（{unit}）", "en": "{author} ({unit})"},
    "export.page": {"zh": "第 {page} 页 共 {pages} 页", "en": "Page {page} of {pages}"},
    "export.format.xlsx": {"zh": "Excel 工作簿（每个方案一张表，另附汇总表）", "en": "Excel workbook (a sheet per plan and a summary)"},
    "export.format.csv": {"zh": "CSV（UTF-8，Excel 可直接打开）", "en": "CSV (UTF-8; opens in Excel)"},
    "export.format.docx": {"zh": "Word 文档（A4 横向，便于打印和报送）", "en": "Word document (A4 landscape, for printing)"},
    "export.format.html": {"zh": "网页（单个文件，可打印）", "en": "Web page (one file, printable)"},
    "export.format.md": {"zh": "Markdown（便于粘贴到聊天或文档）", "en": "Markdown (for chat and wikis)"},
    "export.format.json": {"zh": "JSON（可导入另一个台账）", "en": "JSON (imports into another ledger)"},
    "cli.help.state": {"zh": "只导出该完成情况的任务：todo/doing/done/na/open，或 未开始/进行中/已完成/不涉及（可重复）", "en": "only tasks in this state: todo/doing/done/na/open (repeatable)"},
    "cli.help.unit": {"zh": "只导出涉及该单位的任务（可重复）", "en": "only tasks naming this unit (repeatable)"},
    "cli.help.mine": {"zh": "只导出涉及本单位的任务（含别名和“各单位”等统称）", "en": "only tasks for my unit (with its aliases and the catch-alls)"},
    "cli.help.overdue": {"zh": "只导出已逾期的任务", "en": "only overdue tasks"},
    "cli.help.due_within": {"zh": "只导出 N 天内到期、尚未完成的任务", "en": "only tasks due within N days and not done"},
    "cli.help.query": {"zh": "只导出搜索到的任务", "en": "only tasks matching this search"},
    "cli.unknown_state": {"zh": "不认识的完成情况：{state}（可用：{valid}）", "en": "Unknown state {state} (valid: {valid})"},
    "cli.no_unit": {
        "zh": "还没有设置本单位：请在配置文件 [clerk] 中写 unit = \"单位名称\"，或改用 --unit 单位名称。",
        "en": "Your unit is not set: add unit = \"…\" under [clerk] in the config file, or use --unit NAME.",
    },
    "cli.export_empty": {"zh": "没有符合条件的任务，导出的文件中只有表头。", "en": "No tasks match; the exported file holds only the headings."},
    # ---- the UI (tui/): keys, by binding id (footer, help screen, command palette) ----------
    "key.tick": {"zh": "勾选", "en": "Tick"},
    "key.cycle": {"zh": "切换", "en": "Cycle"},
    "key.na": {"zh": "不涉及", "en": "N/A"},
    "key.undo": {"zh": "撤销", "en": "Undo"},
    "key.redo": {"zh": "重做", "en": "Redo"},
    "key.note": {"zh": "写备注", "en": "Note"},
    "key.note_edit": {"zh": "修改", "en": "Edit"},
    "key.note_delete": {"zh": "删除", "en": "Delete"},
    "key.search": {"zh": "搜索", "en": "Search"},
    "key.clear": {"zh": "清除搜索/筛选", "en": "Clear search/filter"},
    "key.filter": {"zh": "筛选", "en": "Filter"},
    "key.overview": {"zh": "总览", "en": "Overview"},
    "key.export": {"zh": "导出", "en": "Export"},
    "key.import": {"zh": "导入", "en": "Import"},
    "key.down": {"zh": "下移", "en": "Down"},
    "key.up": {"zh": "上移", "en": "Up"},
    "key.close": {"zh": "收起 / 到上一级", "en": "Close / to parent"},
    "key.open": {"zh": "展开 / 到下一级", "en": "Open / to first child"},
    "key.top": {"zh": "到顶部", "en": "To the top"},
    "key.bottom": {"zh": "到底部", "en": "To the bottom"},
    "key.page_down": {"zh": "下一页", "en": "Page down"},
    "key.page_up": {"zh": "上一页", "en": "Page up"},
    "key.toggle": {"zh": "展开/收起", "en": "Open/close"},
    "key.prev_plan": {"zh": "上一个方案", "en": "Previous plan"},
    "key.next_plan": {"zh": "下一个方案", "en": "Next plan"},
    "key.panes": {"zh": "切换窗格", "en": "Switch pane"},
    "key.help": {"zh": "帮助", "en": "Help"},
    "key.palette": {"zh": "命令", "en": "Commands"},
    "key.quit": {"zh": "退出", "en": "Quit"},
    "key.forms": {"zh": "写出反馈表", "en": "Write report forms"},
    "key.merge": {"zh": "合并反馈表", "en": "Merge returned forms"},
    "key.rounds": {"zh": "报送轮次", "en": "Reporting rounds"},
    "key.round_new": {"zh": "开启轮次", "en": "New round"},
    "key.round_close": {"zh": "结束轮次", "en": "Close round"},
    "key.merge_confirm": {"zh": "确认合并", "en": "Merge"},
    "key.merge_take": {"zh": "采用单位所报", "en": "Take the unit's"},
    "key.merge_keep": {"zh": "保留台账", "en": "Keep the ledger's"},
    "key.merge_link": {"zh": "指定任务", "en": "Link to a task"},
    "key.merge_skip": {"zh": "跳过此行", "en": "Skip the row"},
    "key.yes": {"zh": "确定", "en": "Yes"},
    "key.no": {"zh": "取消", "en": "No"},
    "key.save": {"zh": "保存", "en": "Save"},
    "key.cancel": {"zh": "取消", "en": "Cancel"},
    "key.apply": {"zh": "应用", "en": "Apply"},
    "key.do_export": {"zh": "导出", "en": "Export"},
    "key.close_help": {"zh": "关闭帮助", "en": "Close help"},
    "key.close_overview": {"zh": "返回", "en": "Back"},
    "key.by_plan": {"zh": "按方案", "en": "By plan"},
    "key.by_section": {"zh": "按栏目", "en": "By section"},
    "key.by_unit": {"zh": "按牵头单位", "en": "By lead unit"},
    "key.sort": {"zh": "排序", "en": "Sort"},
    "key.reverse": {"zh": "倒序", "en": "Reverse"},
    "key.jump": {"zh": "查看这些任务", "en": "Show these tasks"},
    # ---- the UI: main screen ---------------------------------------------------------------
    "ui.app_title": {"zh": "台账", "en": "taizhang"},
    "ui.read_only_mark": {"zh": "［只读］", "en": "[read-only]"},
    "ui.read_only_banner": {
        "zh": "只读：数据库文件不可写（{path}），可以查看、搜索和导出，但不能修改。",
        "en": "Read-only: the database file cannot be written ({path}). You can browse, search and export, not change.",
    },
    "ui.read_only_refused": {
        "zh": "数据库是只读的，这项修改没有保存。请检查文件权限，或打开一份可写的副本。",
        "en": "The database is read-only; the change was not made. Check the file's permissions or open a writable copy.",
    },
    "ui.empty": {
        "zh": "台账里还没有方案。\n\n按 i 导入方案文件：Word（.docx .doc .wps）、Excel/WPS 表格（.xlsx .xls .ods .csv）、\n网页（.html）、PDF、文字（.txt），或 taizhang 导出的 .json；导入前先预览。\n或退出（q）后运行 taizhang sample.db 打开示例台账。\n\n按 ? 查看全部按键。",
        "en": "There are no plans in this ledger yet.\n\nPress i to import the plan file you were sent: Word (.docx .doc .wps), spreadsheets (.xlsx .xls .ods .csv),\na web page (.html), PDF, text (.txt), or a taizhang .json export; you see a preview first.\nOr quit (q) and run taizhang sample.db to open the sample ledger.\n\nPress ? for every key.",
    },
    "ui.empty_short": {"zh": "台账里还没有方案：按 i 导入。", "en": "No plans yet: press i to import one."},
    "ui.pick_task": {"zh": "请先在左侧选中一项任务。", "en": "Select a task in the tree first."},
    "ui.nothing_to_mark": {"zh": "这里没有可以修改的任务。", "en": "There are no tasks here to change."},
    "ui.due.overdue": {"zh": "逾期", "en": "late"},
    "ui.due.soon": {"zh": "临期", "en": "soon"},
    "ui.state.open": {"zh": "未完成", "en": "not done"},
    "ui.confirm.yes": {"zh": "确定 (y)", "en": "Yes (y)"},
    "ui.confirm.no": {"zh": "取消 (n)", "en": "No (n)"},
    "ui.confirm.mark_many": {
        "zh": "将“{name}”下的 {count} 项任务标为“{state}”？",
        "en": "Mark the {count} task(s) under “{name}” as {state}?",
    },
    "ui.confirm.mark_many_scope": {
        "zh": "（只包括当前搜索/筛选显示的任务。）",
        "en": "(Only the tasks the current search or filter shows.)",
    },
    "ui.confirm.undo_merge": {"zh": "撤销这次合并？{what}\n各单位的备注会删除，状态恢复原样，报送记录作废。", "en": "Undo this merge? {what}\nThe units' notes are removed, the states restored and the returns withdrawn."},
    "ui.round.title": {"zh": "报送轮次（n 开启，c 结束，Esc 返回）", "en": "Reporting rounds (n new, c close, Esc back)"},
    "ui.round.none": {"zh": "还没有轮次。按 n 开启一个，例如“2024年第二季度”。", "en": "No rounds yet. Press n to open one, such as 2024 Q2."},
    "ui.round.new_title": {"zh": "开启报送轮次", "en": "Open a reporting round"},
    "ui.round.name": {"zh": "名称", "en": "Name"},
    "ui.round.name_hint": {"zh": "例如：2024年第二季度", "en": "e.g. 2024 Q2"},
    "ui.round.due": {"zh": "截止日期（可空）", "en": "Due date (optional)"},
    "ui.round.only_plan": {"zh": "只含当前方案：{plan}", "en": "Only the current plan: {plan}"},
    "ui.round.create": {"zh": "开启", "en": "Open"},
    "ui.round.created": {"zh": "已开启轮次“{name}”", "en": "Opened the round {name}"},
    "ui.round.confirm_close": {"zh": "结束轮次“{name}”？\n台账将留存快照，作为下一期“本期进展”的起点。", "en": "Close the round {name}?\nThe ledger is snapshotted as the start of the next period."},
    "ui.forms.title": {"zh": "写出反馈表", "en": "Write report forms"},
    "ui.forms.round": {"zh": "轮次：{name}。每个单位一份 .xlsx，含其牵头、配合、负责的任务和“各单位”等统称的任务。", "en": "Round: {name}. One .xlsx per unit, with the tasks it leads, supports or is responsible for, and those addressed to everyone."},
    "ui.forms.no_round": {"zh": "当前没有进行中的轮次（R 开启）；反馈表将不标轮次。", "en": "No open round (R to open one); the forms will carry no round."},
    "ui.forms.only_plan": {"zh": "只写当前方案：{plan}", "en": "Only the current plan: {plan}"},
    "ui.forms.folder": {"zh": "写到文件夹", "en": "Folder"},
    "ui.forms.go": {"zh": "写出", "en": "Write"},
    "ui.forms.overwrite": {"zh": "文件夹中已有同名反馈表，覆盖它们？\n{dir}", "en": "The folder already holds these forms. Overwrite them?\n{dir}"},
    "ui.merge.title": {"zh": "合并反馈表：输入交回的文件或所在文件夹，回车预览（y 确认合并，Esc 取消）", "en": "Merge returned forms: a file or a folder, Enter to preview (y merges, Esc cancels)"},
    "ui.merge.placeholder": {"zh": "例如 D:\\反馈表\\收回 或 商务厅.xlsx", "en": "e.g. D:\\forms\\returned or unit.xlsx"},
    "ui.merge.unit": {"zh": "单位（来源信息丢失时填写）", "en": "Unit (when the file does not say)"},
    "ui.merge.round": {"zh": "轮次（来源信息丢失时填写）", "en": "Round (when the file does not say)"},
    "ui.merge.hint": {"zh": "预览中：t 采用单位所报，k 保留台账，l 指定任务，s 跳过此行，y 确认合并。写入前可随时 Esc 取消。", "en": "In the preview: t takes the unit's, k keeps the ledger's, l links a row, s skips it, y merges. Esc cancels before anything is written."},
    "ui.merge.no_files": {"zh": "{path} 中没有电子表格（.xlsx、.xls、.ods）。", "en": "No spreadsheets (.xlsx, .xls, .ods) in {path}."},
    "ui.merge.reading": {"zh": "正在读取 {count} 个文件⋯⋯", "en": "Reading {count} file(s)⋯"},
    "ui.merge.writing": {"zh": "正在合并⋯⋯", "en": "Merging⋯"},
    "ui.merge.ready": {"zh": "{counts}。{undecided} 处冲突待选择（不选则保留台账）。按 y 确认合并。", "en": "{counts}. {undecided} conflict(s) to decide (undecided keeps the ledger's). Press y to merge."},
    "ui.merge.pick_task": {"zh": "这一行是哪项任务？（回车选定，Esc 取消）", "en": "Which task is this row? (Enter picks, Esc cancels)"},
    "ui.merge.took": {"zh": "  【采用单位所报】", "en": "  [taking the unit's]"},
    "ui.merge.kept": {"zh": "  【保留台账】", "en": "  [keeping the ledger's]"},
    "ui.merge.undecided": {"zh": "  【待选择：t 采用 / k 保留】", "en": "  [to decide: t take / k keep]"},
    "ui.confirm.undo_import": {
        "zh": "撤销{what}？这会删除该方案及其全部任务和备注。",
        "en": "Undo the {what}? This deletes the plan with all its tasks and notes.",
    },
    "ui.confirm.delete_note": {"zh": "删除这条备注？\n\n{text}", "en": "Delete this note?\n\n{text}"},
    # detail pane
    "ui.detail.nothing": {"zh": "（没有选中任何内容）", "en": "(nothing selected)"},
    "ui.detail.task_no": {"zh": "第 {no} 项", "en": "Task {no}"},
    "ui.detail.due": {"zh": "截止 {due}", "en": "due {due}"},
    "ui.detail.overdue_days": {"zh": "已逾期 {days} 天", "en": "{days} day(s) late"},
    "ui.detail.left_days": {"zh": "还剩 {days} 天", "en": "{days} day(s) left"},
    "ui.detail.plan": {"zh": "方案", "en": "Plan"},
    "ui.detail.section": {"zh": "栏目", "en": "Section"},
    "ui.detail.figures": {
        "zh": "共 {total} 项：已完成 {done}，进行中 {doing}，未开始 {todo}，不涉及 {na}；完成率 {percent}%",
        "en": "{total} tasks: {done} done, {doing} in progress, {todo} to do, {na} not applicable; {percent}% done",
    },
    "ui.detail.overdue_count": {"zh": "逾期 {count} 项", "en": "{count} late"},
    "ui.detail.heading_hint": {
        "zh": "space 将其下任务全部标为已完成（会先确认），x 全部标为不涉及。",
        "en": "space marks every task below as done (after asking), x as not applicable.",
    },
    "ui.field.section": {"zh": "栏目", "en": "Section"},
    "ui.field.lead": {"zh": "牵头单位", "en": "Lead"},
    "ui.field.support": {"zh": "配合单位", "en": "Support"},
    "ui.field.responsible": {"zh": "责任单位", "en": "Responsible"},
    "ui.field.units": {"zh": "单位原文", "en": "As written"},
    "ui.field.time_limit": {"zh": "完成时限", "en": "Time limit"},
    "ui.field.updated": {"zh": "更新时间", "en": "Updated"},
    "ui.field.progress": {"zh": "进度", "en": "Progress"},
    "ui.field.doc_no": {"zh": "文号", "en": "Doc. no."},
    "ui.field.issuer": {"zh": "发文单位", "en": "Issuer"},
    "ui.field.issued": {"zh": "成文日期", "en": "Issued"},
    "ui.field.source": {"zh": "来源文件", "en": "Source file"},
    "ui.notes.title": {"zh": "进展情况（{count}）", "en": "Progress notes ({count})"},
    "ui.notes.hint": {"zh": "n 新增，tab 选中后可修改、删除", "en": "n new; tab to edit or delete"},
    "ui.notes.empty": {"zh": "暂无，按 n 添加", "en": "none yet: press n to add one"},
    "ui.note.author_unit": {"zh": "{author}（{unit}）", "en": "{author} ({unit})"},
    "ui.note.edited": {"zh": "修改于 {at}", "en": "edited {at}"},
    "ui.note.new_title": {"zh": "为任务 {task} 写进展情况", "en": "New progress note for task {task}"},
    "ui.note.edit_title": {"zh": "修改备注（原文保留在历史记录中）", "en": "Edit the note (the earlier text stays in the history)"},
    "ui.note.editor_hint": {"zh": "ctrl+s 保存，esc 取消，enter 换行", "en": "ctrl+s save; esc cancel; enter new line"},
    "ui.note.empty": {"zh": "备注是空的，没有保存。", "en": "The note is empty; nothing was saved."},
    "ui.note.discard": {"zh": "放弃刚才写的内容？", "en": "Discard what you typed?"},
    "ui.note.added": {"zh": "已为任务 {task} 添加备注。", "en": "Note added to task {task}."},
    "ui.note.edited_done": {"zh": "备注已修改，原文保留在历史记录中。", "en": "Note edited; the earlier text is in the history."},
    "ui.note.deleted": {"zh": "备注已删除（可按 u 撤销）。", "en": "Note deleted (u undoes it)."},
    "ui.name.title": {"zh": "您的姓名", "en": "Your name"},
    "ui.name.why": {
        "zh": "备注会署上写备注的人。请输入您的姓名，只需输入一次（保存在配置文件中）。",
        "en": "Notes are signed by their writer. Enter your name once; it is saved in the config file.",
    },
    "ui.name.placeholder": {"zh": "例如：张三", "en": "e.g. Zhang San"},
    "ui.name.hint": {"zh": "enter 确定，esc 取消", "en": "enter to confirm; esc to cancel"},
    "ui.name.empty": {"zh": "请输入姓名。", "en": "Please enter a name."},
    "ui.name.not_saved": {
        "zh": "姓名没能保存到配置文件（{detail}），本次使用。",
        "en": "The name could not be saved to the config file ({detail}); it is used for this session.",
    },
    "ui.history.title": {"zh": "修改记录", "en": "History"},
    "ui.history.undo": {"zh": "撤销：", "en": "undo:"},
    "ui.history.redo": {"zh": "重做：", "en": "redo:"},
    "ui.history.state": {"zh": "状态 {before} → {after}", "en": "state {before} → {after}"},
    "ui.history.flag": {"zh": "标记 {before} → {after}", "en": "flag {before} → {after}"},
    "ui.history.no_flag": {"zh": "无", "en": "none"},
    "ui.history.note_added": {"zh": "新增备注：{text}", "en": "note added: {text}"},
    "ui.history.note_edited": {"zh": "修改备注：{before} → {after}", "en": "note edited: {before} → {after}"},
    "ui.history.note_deleted": {"zh": "删除备注", "en": "note deleted"},
    "ui.history.note_restored": {"zh": "恢复备注", "en": "note restored"},
    "ui.history.more": {"zh": "⋯⋯还有 {count} 条更早的记录", "en": "⋯ {count} older change(s)"},
    # search and filters
    "ui.search.label": {"zh": "搜索", "en": "Search"},
    "ui.search.placeholder": {"zh": "任务、栏目、单位、备注；拼音首字母", "en": "tasks, sections, units, notes; pinyin"},
    "ui.view.search": {"zh": "搜索：{query}", "en": "search: {query}"},
    "ui.view.states": {"zh": "状态：{states}", "en": "state: {states}"},
    "ui.view.overdue": {"zh": "已逾期", "en": "late"},
    "ui.view.due_within": {"zh": "{days} 天内到期", "en": "due within {days} days"},
    "ui.view.units": {"zh": "单位：{units}", "en": "units: {units}"},
    "ui.view.my_unit": {"zh": "本单位", "en": "my unit"},
    "ui.view.plan": {"zh": "方案：{name}", "en": "plan: {name}"},
    "ui.view.section": {"zh": "栏目：{name}", "en": "section: {name}"},
    "ui.view.lead_unit": {"zh": "牵头单位：{name}", "en": "lead unit: {name}"},
    "ui.view.count": {"zh": "共 {count} 项", "en": "{count} task(s)"},
    "ui.view.busy": {"zh": "正在查找⋯⋯", "en": "searching⋯"},
    "ui.view.none": {"zh": "没有找到符合条件的任务。", "en": "No task matches."},
    "ui.view.clear_hint": {"zh": "esc 清除", "en": "esc clears"},
    "ui.filter.title": {"zh": "筛选任务", "en": "Filter tasks"},
    "ui.filter.state": {"zh": "状态", "en": "State"},
    "ui.filter.due": {"zh": "期限", "en": "Due"},
    "ui.filter.units": {"zh": "单位", "en": "Units"},
    "ui.filter.all": {"zh": "全部", "en": "all"},
    "ui.filter.any_due": {"zh": "不限", "en": "any"},
    "ui.filter.overdue": {"zh": "已逾期", "en": "late"},
    "ui.filter.due_soon": {"zh": "{days} 天内到期", "en": "due within {days} days"},
    "ui.filter.mine": {
        "zh": "本单位（{unit}，含别名及“各单位”等统称）",
        "en": "My unit ({unit}, with its aliases and catch-alls such as 各单位)",
    },
    "ui.filter.mine_unset": {
        "zh": "本单位（未设置：在配置文件 [clerk] 中填写 unit）",
        "en": "My unit (not set: unit under [clerk] in the config)",
    },
    "ui.filter.unit_search": {"zh": "输入单位名或拼音首字母（如 fgw）", "en": "type a unit name or pinyin initials (e.g. fgw)"},
    "ui.filter.unit_count": {"zh": "{name}（{count} 项）", "en": "{name} ({count})"},
    "ui.filter.loading_units": {"zh": "正在读取单位⋯⋯", "en": "Loading units⋯"},
    "ui.filter.no_units": {"zh": "没有匹配的单位。", "en": "No unit matches."},
    "ui.filter.more_units": {"zh": "还有 {count} 个，请输入更多字缩小范围。", "en": "{count} more: type more to narrow."},
    "ui.filter.units_hint": {"zh": "已选 {count} 个单位，space 选择", "en": "{count} unit(s) chosen; space to choose"},
    "ui.filter.apply": {"zh": "应用 (ctrl+s)", "en": "Apply (ctrl+s)"},
    "ui.filter.clear": {"zh": "清除筛选", "en": "Clear filters"},
    "ui.filter.cancel": {"zh": "取消 (esc)", "en": "Cancel (esc)"},
    # overview
    "ui.overview.title": {"zh": "总览", "en": "Overview"},
    "ui.overview.plans": {"zh": "按方案", "en": "by plan"},
    "ui.overview.sections": {"zh": "按栏目", "en": "by section"},
    "ui.overview.units": {"zh": "按牵头单位", "en": "by lead unit"},
    "ui.overview.sorted": {"zh": "排序：{column} {arrow}", "en": "sorted by {column} {arrow}"},
    "ui.overview.col.name": {"zh": "名称", "en": "Name"},
    "ui.overview.col.total": {"zh": "总数", "en": "Total"},
    "ui.overview.col.done": {"zh": "已完成", "en": "Done"},
    "ui.overview.col.doing": {"zh": "进行中", "en": "Doing"},
    "ui.overview.col.todo": {"zh": "未开始", "en": "To do"},
    "ui.overview.col.na": {"zh": "不涉及", "en": "N/A"},
    "ui.overview.col.overdue": {"zh": "逾期", "en": "Late"},
    "ui.overview.col.percent": {"zh": "完成率", "en": "% done"},
    # export and import
    "ui.export.title": {"zh": "导出落实情况", "en": "Export the ledger"},
    "ui.export.format": {"zh": "格式", "en": "Format"},
    "ui.export.scope": {"zh": "范围", "en": "What"},
    "ui.export.file": {"zh": "文件", "en": "File"},
    "ui.export.scope_all": {"zh": "全部方案", "en": "every plan"},
    "ui.export.scope_plan": {"zh": "当前方案《{title}》", "en": "this plan: {title}"},
    "ui.export.scope_view": {"zh": "当前筛选结果（{count} 项）", "en": "the filtered tasks ({count})"},
    "ui.export.go": {"zh": "导出 (ctrl+s)", "en": "Export (ctrl+s)"},
    "ui.export.stem": {"zh": "台账", "en": "ledger"},
    "ui.export.stem_view": {"zh": "台账-筛选", "en": "ledger-filtered"},
    "ui.export.no_path": {"zh": "请填写要保存的文件。", "en": "Enter the file to write."},
    "ui.export.overwrite": {"zh": "文件已存在，覆盖它？\n{path}", "en": "The file exists. Overwrite it?\n{path}"},
    "ui.export.started": {"zh": "正在导出到 {path} ⋯⋯", "en": "Exporting to {path}⋯"},
    "ui.export.done": {"zh": "已导出到 {path}", "en": "Exported to {path}"},
    "ui.export.failed": {"zh": "导出失败：{detail}", "en": "The export failed: {detail}"},
    "ui.import.title": {"zh": "导入方案", "en": "Import a plan"},
    "ui.import.what": {
        "zh": "输入或粘贴方案文件的路径：Word（.docx .doc .wps）、表格（.xlsx .xls .ods .csv）、网页（.html）、PDF、文字（.txt），或 taizhang 导出的 .json。先预览，确认后才写入。",
        "en": "Type or paste the path of the plan file: Word (.docx .doc .wps), a spreadsheet (.xlsx .xls .ods .csv), a web page (.html), PDF, text (.txt), or a taizhang .json export. You see a preview before anything is written.",
    },
    "ui.import.placeholder": {"zh": "例如 D:\\文件\\分工方案.docx", "en": "e.g. ~/Documents/plan.docx"},
    "ui.import.hint": {"zh": "→ 补全文件名，enter 预览，esc 取消", "en": "→ completes the name; enter shows a preview; esc cancels"},
    "ui.import.go": {"zh": "预览", "en": "Preview"},
    "ui.import.confirm": {"zh": "确认导入", "en": "Import it"},
    "ui.import.confirm_skip": {"zh": "确定", "en": "OK"},
    "ui.import.preview_hint": {
        "zh": "以上是将要导入的内容，尚未写入。enter 确认导入，修改路径可预览其他文件，esc 取消。",
        "en": "This is what would be imported; nothing is written yet. enter imports it; edit the path to preview another file; esc cancels.",
    },
    "ui.import.preview_hint_skip": {
        "zh": "这个文件已导入过，不会重复导入。修改路径可预览其他文件，esc 取消。",
        "en": "This file was imported before and will not be imported again. Edit the path to preview another file; esc cancels.",
    },
    "ui.import.states": {"zh": "表中的完成情况：{states}；备注 {notes} 条", "en": "States in the file: {states}; {notes} note(s)"},
    "ui.import.first_tasks": {"zh": "前 {count} 项任务：", "en": "The first {count} tasks:"},
    "ui.import.doubts": {"zh": "{count} 条提示（跳过或存疑的行）：", "en": "{count} warning(s) (rows skipped or in doubt):"},
    "ui.import.more_doubts": {
        "zh": "⋯⋯另有 {count} 条，taizhang import --dry-run 可列出全部。",
        "en": "⋯ and {count} more; taizhang import --dry-run lists them all.",
    },
    "ui.import.no_doubts": {"zh": "没有跳过或存疑的行。", "en": "No rows were skipped or in doubt."},
    "ui.import.no_path": {"zh": "请填写文件路径。", "en": "Enter the path of a file."},
    "ui.import.missing": {"zh": "找不到文件：{path}", "en": "No such file: {path}"},
    "ui.import.is_folder": {"zh": "这是一个文件夹，请选择其中的方案文件：{path}", "en": "That is a folder; choose a plan file in it: {path}"},
    "ui.import.reading": {"zh": "正在读取 {name} ⋯⋯", "en": "Reading {name}⋯"},
    "ui.import.writing": {"zh": "正在写入台账（{step}/{steps}）⋯⋯", "en": "Writing to the ledger ({step}/{steps})⋯"},
    "ui.import.os_error": {"zh": "无法读取文件：{detail}", "en": "The file cannot be read: {detail}"},
    "ui.import.warnings": {
        "zh": "有 {count} 条提示，可用命令 taizhang import --dry-run 查看。",
        "en": "{count} warning(s): taizhang import --dry-run lists them.",
    },
    "ui.import.wait": {"zh": "正在导入，请稍候⋯⋯", "en": "Importing; please wait⋯"},
    # help, palette, config
    "ui.help.title": {"zh": "帮助：全部按键", "en": "Help: every key"},
    "ui.help.group.ledger": {"zh": "修改任务", "en": "Changing tasks"},
    "ui.help.group.notes": {"zh": "备注", "en": "Notes"},
    "ui.help.group.find": {"zh": "查找", "en": "Finding"},
    "ui.help.group.move": {"zh": "移动", "en": "Moving"},
    "ui.help.group.app": {"zh": "其他", "en": "The app"},
    "ui.help.group.report": {"zh": "报送", "en": "Reporting"},
    "ui.help.notes": {
        "zh": "每次修改都会立即保存，并记入修改记录；u 可逐步撤销，ctrl+r 重做。\n按键可在配置文件的 [keymap] 中修改，例如 tick = \"space,t\"（会替换原来的按键）。",
        "en": "Every change is saved at once and kept in the history; u undoes step by step, ctrl+r redoes.\nKeys can be changed under [keymap] in the config file, e.g. tick = \"space,t\" (this replaces the old keys).",
    },
    "ui.palette.key": {"zh": "按键：{key}", "en": "key: {key}"},
    "ui.palette.theme": {"zh": "切换配色", "en": "Change the theme"},
    "ui.palette.theme_help": {"zh": "选择界面配色", "en": "Choose the colours"},
    "ui.config.bad_theme": {"zh": "配置文件中的配色 {theme} 不存在，已使用默认配色。", "en": "The theme {theme} in the config file does not exist; using the default."},
    "ui.config.unknown_keys": {
        "zh": "配置文件 [keymap] 中有未知的按键名：{ids}（已忽略）。可用的有：{known}",
        "en": "Unknown names under [keymap] in the config file: {ids} (ignored). Known: {known}",
    },
    # ---- rounds, forms, merge ------------------------------------------------------------
    "change.merge": {"zh": "合并反馈表 {files} 份：{tasks} 项任务改了状态，新增备注 {notes} 条", "en": "merged {files} form(s): {tasks} task state(s) changed, {notes} note(s) added"},
    "export.col.period": {"zh": "本期进展", "en": "This period"},
    "export.period.since_close": {"zh": "自轮次“{name}”结束以来的变化", "en": "changes since the round {name} closed"},
    "export.period.since_open": {"zh": "自轮次“{name}”开启以来的变化", "en": "changes since the round {name} opened"},
    "export.period.new": {"zh": "（新任务）", "en": "(new)"},
    "export.period.notes": {"zh": "新增进展 {count} 条", "en": "{count} new note(s)"},
    "round.no_name": {"zh": "轮次需要一个名称，例如“2024年第二季度”。", "en": "A round needs a name, such as 2024 Q2."},
    "round.bad_due": {"zh": "截止日期 {due} 不是日期，请写成 2024-07-15 的形式。", "en": "The due date {due} is not a date; write it as 2024-07-15."},
    "round.exists": {"zh": "已有名为“{name}”的轮次。", "en": "There is already a round named {name}."},
    "round.not_found": {"zh": "找不到轮次“{name}”（taizhang round list 列出全部轮次）。", "en": "No round named {name} (taizhang round list shows them)."},
    "round.closed": {"zh": "轮次“{name}”已经结束。", "en": "The round {name} is already closed."},
    "round.created": {"zh": "已开启轮次“{name}”{due}，涵盖：{plans}", "en": "Opened the round {name}{due}, covering: {plans}"},
    "round.due_part": {"zh": "（截止 {due}）", "en": " (due {due})"},
    "round.all_plans": {"zh": "全部方案", "en": "all plans"},
    "round.closed_done": {"zh": "已结束轮次“{name}”，台账已留存快照，作为下一期“本期进展”的起点。", "en": "Closed the round {name}; the ledger was snapshotted as the start of the next period."},
    "round.none": {"zh": "还没有轮次。用 taizhang round new 名称 --due 日期 开启一个。", "en": "No rounds yet. Open one with taizhang round new NAME --due DATE."},
    "round.list_head": {"zh": "轮次\t截止\t状态\t已报/应报\t方案", "en": "round\tdue\tstate\treturned/expected\tplans"},
    "round.open": {"zh": "进行中", "en": "open"},
    "round.is_closed": {"zh": "已结束", "en": "closed"},
    "round.current": {"zh": "当前轮次：{name}{due}　已报 {returned}/{expected}", "en": "Current round: {name}{due}; returned {returned}/{expected}"},
    "round.no_current": {"zh": "当前没有进行中的轮次（R 开启）", "en": "No open round (R to open one)"},
    "returns.returned": {"zh": "已报", "en": "returned"},
    "returns.late": {"zh": "逾期报送", "en": "returned late"},
    "returns.missing": {"zh": "未报", "en": "not yet returned"},
    "returns.overdue": {"zh": "逾期未报", "en": "overdue"},
    "returns.head": {"zh": "轮次“{name}”{due}报送情况：已报 {returned}，逾期报送 {late}，未报 {missing}，逾期未报 {overdue}", "en": "Round {name}{due}: returned {returned}, late {late}, missing {missing}, overdue {overdue}"},
    "returns.chase": {"zh": "催报名单：", "en": "To chase:"},
    "forms.plan_outside": {"zh": "方案 {plan} 不在轮次“{round}”之内。", "en": "Plan {plan} is not in the round {round}."},
    "forms.no_unit": {"zh": "找不到单位：{unit}", "en": "No such unit: {unit}"},
    "forms.none": {"zh": "没有要写的反馈表：所选方案没有列出具体单位。", "en": "No forms to write: the chosen plans name no units."},
    "forms.clash": {"zh": "两份反馈表会写到同一个文件：{path}", "en": "Two forms would be written to one file: {path}"},
    "forms.written": {"zh": "已写出反馈表 {count} 份（共 {tasks} 行），在 {dir}", "en": "Wrote {count} forms ({tasks} rows) to {dir}"},
    "forms.line": {"zh": "  {unit}：{tasks} 项 → {path}", "en": "  {unit}: {tasks} tasks → {path}"},
    "merge.too_big": {"zh": "{path} 太大（{size} MB），不像是一份反馈表。", "en": "{path} is too big ({size} MB) to be a form."},
    "merge.unreadable": {"zh": "读不了 {path}：{detail}", "en": "Cannot read {path}: {detail}"},
    "merge.needs_xlsx": {"zh": "{path} 是 {suffix} 格式，请在 WPS 中“另存为” .xlsx 后再合并。", "en": "{path} is a {suffix} file; save it as .xlsx in WPS, then merge it."},
    "merge.not_sheet": {"zh": "{path} 不是电子表格（.xlsx、.xls、.ods）。", "en": "{path} is not a spreadsheet (.xlsx, .xls, .ods)."},
    "merge.no_header": {"zh": "{path} 里找不到反馈表的表头（任务编号、具体要求、完成情况……）。", "en": "{path} has no form header (任务编号, 具体要求, 完成情况 …)."},
    "merge.other_plan": {"zh": "这是另一个方案的反馈表（{title}），本台账中没有这个方案。", "en": "This is the form of another plan ({title}), which this ledger does not hold."},
    "merge.unknown_round": {"zh": "反馈表属于轮次“{name}”，本台账中没有这个轮次。", "en": "The form is for the round {name}, which this ledger does not have."},
    "merge.needs_meta": {"zh": "文件中的来源信息已丢失，请指明它的{what}。", "en": "The file no longer says where it is from; name its {what}."},
    "merge.what.unit": {"zh": "单位", "en": "unit"},
    "merge.what.round": {"zh": "轮次", "en": "round"},
    "merge.what.plan": {"zh": "方案", "en": "plan"},
    "merge.plan_outside": {"zh": "方案“{title}”不在轮次“{round}”之内，反馈表未合并。", "en": "The plan {title} is not in the round {round}; the form was not merged."},
    "merge.duplicate": {"zh": "这个文件已在 {at} 合并过，没有改动。", "en": "This file was merged at {at}; nothing changes."},
    "merge.supersedes": {"zh": "同一单位本轮较早的反馈表（{file}）将被这份取代。", "en": "This replaces the unit's earlier form of this round ({file})."},
    "merge.same_unit_twice": {"zh": "本次合并中已有同一单位同一轮次的文件（{file}），请分开合并。", "en": "Another file of the same unit and round ({file}) is in this merge; merge them one at a time."},
    "merge.nothing": {"zh": "没有可以合并的文件。", "en": "No file can be merged."},
    "merge.key_number": {"zh": "任务编号被 Excel 改成了数字 {value}，按 {key} 匹配", "en": "the key became the number {value}; matched as {key}"},
    "merge.key_other_plan": {"zh": "任务编号 {key} 属于另一个方案", "en": "the key {key} belongs to another plan"},
    "merge.key_unknown": {"zh": "任务编号 {key} 不认识，按序号和内容匹配", "en": "unknown key {key}; matched by number and text"},
    "merge.unmatched": {"zh": "对不上任何任务：请指定任务或跳过", "en": "matches no task: link it to one or skip it"},
    "merge.skipped": {"zh": "已跳过", "en": "skipped"},
    "merge.claimed_twice": {"zh": "这项任务已由第 {line} 行填报，本行不采用", "en": "line {line} already reports this task; this row is refused"},
    "merge.not_on_form": {"zh": "这项任务不在该单位的反馈表上，只记为备注", "en": "the task is not on this unit's form; kept as a note only"},
    "merge.locked_changed": {"zh": "单位改动了“{column}”，不写入台账", "en": "the unit changed {column}; not written to the plan"},
    "merge.flag.number": {"zh": "“{column}”是数字，按文字保留", "en": "{column} held a number; kept as text"},
    "merge.flag.date": {"zh": "“{column}”被转成了日期，按文字保留", "en": "{column} became a date; kept as text"},
    "merge.flag.formula": {"zh": "“{column}”是公式，取其计算结果", "en": "{column} is a formula; its value was used"},
    "merge.flag.control": {"zh": "“{column}”中的控制字符已删除", "en": "control characters removed from {column}"},
    "merge.unknown_status": {"zh": "完成情况“{word}”不认识，记为备注", "en": "unknown status {word}; kept as a note"},
    "merge.file_head": {"zh": "{file}：{unit}，{round}填报人 {filler}", "en": "{file}: {unit}, {round}filled by {filler}"},
    "merge.round_part": {"zh": "轮次“{name}”，", "en": "round {name}, "},
    "merge.counts": {"zh": "改动 {changed} 行，无变化 {unchanged} 行，不采用 {refused} 行，存疑 {doubtful} 行，未匹配 {unmatched} 行，冲突 {conflict} 行", "en": "{changed} changed, {unchanged} unchanged, {refused} refused, {doubtful} doubtful, {unmatched} unmatched, {conflict} in conflict"},
    "merge.row_state": {"zh": "任务 {task}：{before} → {after}", "en": "task {task}: {before} → {after}"},
    "merge.row_note": {"zh": "任务 {task}：新增备注 {text}", "en": "task {task}: new note {text}"},
    "merge.row_suggest": {"zh": "任务 {task}：单位报“{word}”（不由该单位定状态，现为 {now}，可采用）", "en": "task {task}: the unit reports {word} (not theirs to set; now {now}; you may take it)"},
    "merge.row_conflict": {"zh": "任务 {task}：冲突：台账在发表后已改为 {now}，单位报 {word}", "en": "task {task}: conflict: the ledger was changed to {now} after the form went out; the unit reports {word}"},
    "merge.row_refused": {"zh": "第 {line} 行（{key}）：{why}", "en": "row {line} ({key}): {why}"},
    "merge.row_doubt": {"zh": "  存疑：{why}", "en": "  doubtful: {why}"},
    "merge.disagree": {"zh": "任务 {task}：各单位所报不一：{reports}", "en": "task {task}: units disagree: {reports}"},
    "merge.total": {"zh": "合计：{counts}", "en": "Total: {counts}"},
    "merge.dry_run": {"zh": "（预览，未写入）", "en": "(preview, nothing written)"},
    "merge.done": {"zh": "已合并 {files} 份反馈表：{states} 项任务改了状态，新增备注 {notes} 条（可按 u 撤销）。", "en": "Merged {files} forms: {states} task states changed, {notes} notes added (u undoes it)."},
    "merge.stale": {"zh": "这些任务在预览后被改动过，未改状态：{tasks}", "en": "These tasks changed after the preview; their state was left: {tasks}"},
    "merge.undecided": {"zh": "{count} 处冲突未选择，保留台账现有状态（--prefer unit 采用单位所报）。", "en": "{count} conflict(s) not decided; the ledger's states were kept (--prefer unit takes the units')."},
    "merge.refused_file": {"zh": "{file}：未合并：{why}", "en": "{file}: not merged: {why}"},
    "merge.duplicate_file": {"zh": "{file}：{why}", "en": "{file}: {why}"},
    # ---- 情况通报 (issue 20: the bulletin at the end of a round; taizhang bulletin, b in R) ----
    "bulletin.title": {"zh": "关于{round}重点任务落实情况的通报", "en": "Bulletin on the tasks of {round}"},
    "bulletin.all_plans": {"zh": "合计", "en": "All plans"},
    "bulletin.ref": {"zh": "第{no}项", "en": "task {no}"},
    "bulletin.plan_title": {"zh": "《{title}》", "en": "{title}"},
    "bulletin.date": {"zh": "{y}年{m}月{d}日", "en": "{iso}"},
    "bulletin.units_more": {"zh": "{names}等{count}个单位", "en": "{names} and others ({count} units)"},
    "bulletin.partial": {"zh": "（未报《{plans}》）", "en": " (not yet: {plans})"},
    "bulletin.level1": {"zh": "{n}、{title}", "en": "{n}. {title}"},
    "bulletin.level2": {"zh": "（{n}）{title}", "en": "({n}) {title}"},
    "bulletin.level3": {"zh": "{n}. {title}", "en": "{n}. {title}"},
    "bulletin.level4": {"zh": "（{n}）{title}", "en": "({n}) {title}"},
    "bulletin.part.returns": {"zh": "报送情况", "en": "Returns"},
    "bulletin.part.progress": {"zh": "总体进展", "en": "Progress"},
    "bulletin.part.behind": {"zh": "滞后和逾期任务", "en": "Tasks behind or overdue"},
    "bulletin.part.problems": {"zh": "存在问题", "en": "Problems raised"},
    "bulletin.part.next": {"zh": "下步计划", "en": "Next steps"},
    "bulletin.state.lagging": {"zh": "滞后", "en": "behind"},
    "bulletin.state.overdue": {"zh": "逾期{days}天（{state}）", "en": "{days} days overdue ({state})"},
    "bulletin.said": {"zh": "{text}（{refs}）", "en": "{text} ({refs})"},
    "bulletin.col.plan": {"zh": "方案", "en": "Plan"},
    "bulletin.col.total": {"zh": "任务数", "en": "Tasks"},
    "bulletin.col.done": {"zh": "已完成", "en": "Done"},
    "bulletin.col.doing": {"zh": "推进中", "en": "Doing"},
    "bulletin.col.todo": {"zh": "未开始", "en": "To do"},
    "bulletin.col.na": {"zh": "不涉及", "en": "N/A"},
    "bulletin.col.percent": {"zh": "完成率", "en": "% done"},
    "bulletin.col.newly": {"zh": "本期新完成", "en": "Done this period"},
    "bulletin.col.lagging": {"zh": "滞后", "en": "Behind"},
    "bulletin.col.overdue": {"zh": "逾期", "en": "Overdue"},
    "bulletin.col.unit": {"zh": "牵头单位", "en": "Lead unit"},
    "bulletin.col.task": {"zh": "任务", "en": "Task"},
    "bulletin.col.time_limit": {"zh": "完成时限", "en": "Time limit"},
    "bulletin.col.state": {"zh": "情况", "en": "State"},
    "bulletin.intro": {"zh": "根据工作安排，{round}重点任务落实情况报送工作于{opened}启动{due}。现将截至{end}的有关情况通报如下。", "en": "The reporting round {round} opened on {opened}{due}. This bulletin reports the state as of {end}."},
    "bulletin.due_part": {"zh": "，报送截止时间为{due}", "en": ", with forms due by {due}"},
    "bulletin.returns": {"zh": "本轮共有{units}个单位需报送反馈表{forms}份。截至{end}，已报送{returned}个单位，其中按时报送{on_time}个、逾期报送{late}个；未报送{missing}个单位。", "en": "{units} units were sent {forms} forms. By {end}, {returned} units had returned theirs ({on_time} on time, {late} late); {missing} had not."},
    "bulletin.late_list": {"zh": "逾期报送的单位（{count}个）：{names}。", "en": "Returned late ({count}): {names}."},
    "bulletin.chase_list": {"zh": "未报送的单位（催报名单，{count}个）：{names}。请上述单位尽快报送。", "en": "Not yet returned (to chase, {count}): {names}."},
    "bulletin.all_returned": {"zh": "各单位均已报送。", "en": "Every unit has returned its forms."},
    "bulletin.progress": {"zh": "本轮涉及{plans}个方案，共有任务{total}项。截至{end}，已完成{done}项，完成率{percent}；正在推进{doing}项（其中滞后{lagging}项）；尚未开始{todo}项；不涉及{na}项。逾期未完成{overdue}项。", "en": "The round covers {plans} plan(s) with {total} tasks. By {end}, {done} were done ({percent}); {doing} in progress ({lagging} of them behind); {todo} not started; {na} not applicable. {overdue} are overdue."},
    "bulletin.period_up": {"zh": "本期（{start}至{end}）新完成{newly}项，完成率由期初的{before}提高{delta}个百分点；{updated}项任务的状态或进展有更新。", "en": "In this period ({start} to {end}) {newly} tasks were done, and the share done rose {delta} points from {before}; {updated} tasks changed state or got new notes."},
    "bulletin.period_flat": {"zh": "本期（{start}至{end}）新完成{newly}项，期初完成率为{before}；{updated}项任务的状态或进展有更新。", "en": "In this period ({start} to {end}) {newly} tasks were done; {before} were done at its start; {updated} tasks changed state or got new notes."},
    "bulletin.by_plan": {"zh": "各方案进展情况如下表。", "en": "Per plan:"},
    "bulletin.behind": {"zh": "截至{end}，共有{count}项任务滞后或逾期未完成，涉及{units}个牵头单位，具体如下表。", "en": "By {end}, {count} tasks were behind or overdue, led by {units} units:"},
    "bulletin.behind_none": {"zh": "截至{end}，没有滞后或逾期未完成的任务。", "en": "By {end}, no task was behind or overdue."},
    "bulletin.problems_intro": {"zh": "各单位在反馈表中反映的问题如下（按单位原文摘录）。", "en": "The problems units raised in their forms, in their words:"},
    "bulletin.problems_none": {"zh": "本轮各单位未在反馈表中反映问题。", "en": "No unit raised a problem in its form."},
    "bulletin.next_intro": {"zh": "各单位报送的下步工作计划如下（按单位原文摘录）。", "en": "The next steps units reported, in their words:"},
    "bulletin.next_none": {"zh": "本轮各单位未在反馈表中填写下步计划。", "en": "No unit wrote next steps in its form."},
    "bulletin.bad_suffix": {"zh": "情况通报只能写成 .docx 或 .md 文件：{path}", "en": "A bulletin is written as .docx or .md: {path}"},
    "bulletin.written": {"zh": "已写出情况通报：{path}", "en": "Wrote the bulletin: {path}"},
    "bulletin.file_stem": {"zh": "情况通报", "en": "bulletin"},
    "bulletin.no_round": {"zh": "还没有轮次，无法写情况通报。", "en": "There is no round to write a bulletin of."},
    "cli.help.bulletin": {"zh": "写出轮次的情况通报（.docx 和 .md）", "en": "write a round's bulletin (.docx and .md)"},
    "cli.help.bulletin_round": {"zh": "轮次名称（默认：当前轮次）", "en": "round name (default: the current round)"},
    "cli.help.bulletin_output": {"zh": "输出文件（.docx 或 .md；默认写到导出文件夹，两种都写）", "en": "output file (.docx or .md; default: both, in the export folder)"},
    "key.bulletin": {"zh": "情况通报", "en": "Bulletin"},
    "key.chase": {"zh": "催报名单", "en": "To chase"},
    "ui.help.elsewhere": {"zh": "{desc}（{screen} 中）", "en": "{desc} (in {screen})"},
    "ui.bulletin.writing": {"zh": "正在写情况通报⋯⋯", "en": "Writing the bulletin ⋯"},
    "returns.chase_count": {"zh": "催报名单（{count}个单位）：", "en": "To chase ({count} units):"},
    "returns.chase_more": {"zh": "⋯⋯等{count}个单位（按 {key} 查看全部）", "en": " ⋯ {count} units in all ({key} shows them all)"},
    "ui.chase.none": {"zh": "轮次“{name}”没有需要催报的单位。", "en": "Nobody to chase in the round {name}."},
    "ui.chase.title": {"zh": "催报名单：轮次“{name}”（{count}个单位）", "en": "To chase: round {name} ({count} units)"},
    # ---- origins -----------------------------------------------------------------------
    "origin.line": {"zh": "第 {n} 行", "en": "line {n}"},
    "origin.table_row": {"zh": "表格 {table} 第 {row} 行", "en": "table {table} row {row}"},
    "origin.table": {"zh": "表格 {table}", "en": "table {table}"},
    "origin.sheet_row": {"zh": "工作表“{sheet}”第 {row} 行", "en": "sheet {sheet} row {row}"},
    "origin.paragraph": {"zh": "第 {n} 段", "en": "paragraph {n}"},
    "origin.page": {"zh": "第 {n} 页", "en": "page {n}"},
    # ---- installed the way offices install it (issue 18): CSV import, taizhang config ----------
    "import.bad_csv": {
        "zh": "无法作为 CSV 表格读取：{detail}。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
        "en": "cannot be read as a CSV table: {detail}. Open it in Excel or WPS, save it as .xlsx and import that.",
    },
    "cli.help.config_cmd": {
        "zh": "显示配置文件的位置和各项设置；config set 修改一项（如 taizhang config set name 张三）",
        "en": "show where the config file is and its settings; config set changes one (taizhang config set name 张三)",
    },
    "cli.help.config_set": {"zh": "修改一项设置", "en": "change one setting"},
    "cli.help.config_value": {"zh": "新的值（空字符串 \"\" 表示恢复默认）", "en": "the new value (an empty \"\" restores the default)"},
    "config.key.name": {"zh": "姓名，记入修改历史和进展备注", "en": "your name, in the history and notes"},
    "config.key.unit": {"zh": "本单位，“我的单位”筛选和 --mine 用它", "en": "your unit, for the “my unit” filter and --mine"},
    "config.key.aliases": {"zh": "本单位的别称，用逗号或顿号分开", "en": "other names of your unit, comma-separated"},
    "config.key.language": {"zh": "界面语言 zh 或 en", "en": "language, zh or en"},
    "config.key.theme": {"zh": "配色", "en": "colour theme"},
    "config.key.database": {"zh": "默认打开的数据库", "en": "the database opened by default"},
    "config.key.export_folder": {"zh": "导出文件夹", "en": "the export folder"},
    "config.unset": {"zh": "（未设置）", "en": "(not set)"},
    "config.default_is": {"zh": "（未设置，默认 {value}）", "en": "(not set; default {value})"},
    "config.how_to_set": {
        "zh": "修改：taizhang config set 名称 值，例如 taizhang config set unit 市政务服务数据管理局",
        "en": "To change one: taizhang config set KEY VALUE, e.g. taizhang config set unit 市政务服务数据管理局",
    },
    "config.set_done": {"zh": "已设置 {key} = {value}（配置文件 {path}）", "en": "Set {key} = {value} (config file {path})"},
    "config.removed": {"zh": "已去掉 {key}，恢复默认（配置文件 {path}）", "en": "Removed {key}: the default holds again (config file {path})"},
    "config.unknown_key": {
        "zh": "没有“{key}”这项设置。可以设置的有：{valid}",
        "en": "There is no setting “{key}”. The settings are: {valid}",
    },
    "config.bad_language": {"zh": "界面语言只能是 {valid}，不能是 {value}", "en": "The language is one of {valid}, not {value}"},
    "config.cannot_set": {
        "zh": "配置文件 {path} 有错误，没有修改它：{detail}。请先改正或删除这个文件。",
        "en": "The config file {path} has an error and was left unchanged: {detail}. Correct or delete it first.",
    },
    "config.cannot_write": {"zh": "无法写入配置文件 {path}：{detail}", "en": "Cannot write the config file {path}: {detail}"},
    # ---- importer: plans in any text shape (issue 21) ----------------------------------------
    "reading.shape.tabs": {"zh": "制表符分列的表格", "en": "a tab-separated table"},
    "reading.shape.pipes": {"zh": "“|”分列的表格", "en": "a table with | between cells"},
    "reading.shape.pipe-cells": {"zh": "每格一行、以“|”隔开的表格", "en": "a table one cell per line, | lines between"},
    "reading.shape.cells": {"zh": "每格一行的表格", "en": "a table one cell per line"},
    "reading.shape.flat": {"zh": "连成一段的文字", "en": "running text"},
    "reading.shape.lines": {"zh": "逐行的文字", "en": "lines of text"},
    "reading.shape.docx": {"zh": "Word 文档", "en": "a Word document"},
    "reading.shape.sheet": {"zh": "电子表格", "en": "a spreadsheet"},
    "reading.shape.et": {"zh": "电子表格", "en": "a spreadsheet"},
    "reading.shape.html": {"zh": "网页", "en": "a web page"},
    "reading.shape.pdf": {"zh": "PDF", "en": "a PDF"},
    "reading.shape.csv": {"zh": "逗号分列的表格", "en": "a comma-separated table"},
    "reading.sections.label": {"zh": "按“{label}”分栏目", "en": "sections by “{label}”"},
    "reading.sections.plain": {"zh": "按不带编号的标题分栏目", "en": "sections by unnumbered headings"},
    "reading.sections.none": {"zh": "不分栏目", "en": "no sections"},
    "reading.subsections.label": {"zh": "按“{label}”分小栏目", "en": "subsections by “{label}”"},
    "reading.subsections.plain": {"zh": "按不带编号的标题分小栏目", "en": "subsections by unnumbered headings"},
    "reading.tasks.number": {"zh": "按数字编号识别任务", "en": "tasks by their numbers"},
    "reading.tasks.column": {"zh": "按序号列识别任务", "en": "tasks by the 序号 column"},
    "reading.tasks.label": {"zh": "按“{label}”编号识别任务", "en": "tasks numbered “{label}”"},
    "reading.tasks.rows": {"zh": "每行一项任务", "en": "a task per row"},
    "reading.units.column": {"zh": "单位在单独一列", "en": "units in a column of their own"},
    "reading.units.line": {"zh": "单位另起一行，管其上各项任务", "en": "units on a line of their own, for the tasks above it"},
    "reading.units.row": {"zh": "单位紧跟其任务，未写单位的沿用上一项（合并单元格）", "en": "units right after their task; a task without units takes the one above (a merged cell)"},
    "reading.units.after": {"zh": "单位在任务文字之后", "en": "units after the task's text"},
    "reading.units.before": {"zh": "单位在任务文字之前", "en": "units before the task's text"},
    "reading.units.labelled": {"zh": "单位在“牵头单位：”等标注行", "en": "units on labelled lines (牵头单位：…)"},
    "reading.key.tabs": {"zh": "制表符表格", "en": "tab table"},
    "reading.key.pipes": {"zh": "“|”表格", "en": "| table"},
    "reading.key.pipe-cells": {"zh": "每格一行（“|”隔开）", "en": "one cell per line (| between)"},
    "reading.key.cells": {"zh": "每格一行", "en": "one cell per line"},
    "reading.key.lines": {"zh": "逐行文字", "en": "lines of text"},
    "reading.key.flat": {"zh": "连成一段的文字", "en": "running text"},
    "reading.key.flat-lines": {"zh": "连成一段的文字（单位管其上各项）", "en": "running text (units for the tasks above)"},
    "reading.guessed": {"zh": "读法：{reading}", "en": "Read as: {reading}"},
    "reading.others": {
        "zh": "另有 {count} 种读法（{keys}），按 {key} 换一种读法",
        "en": "{count} other reading(s) ({keys}); press {key} for the next",
    },
    "reading.others_cli": {
        "zh": "另有 {count} 种读法：{keys}；用 --reading 名称（或序号）选择",
        "en": "{count} other reading(s): {keys}; choose one with --reading NAME (or its number)",
    },
    "reading.switched": {"zh": "已换成第 {n} 种读法（共 {count} 种）", "en": "Reading {n} of {count}"},
    "import.no_such_reading": {
        "zh": "没有“{reading}”这种读法；这个文件可以这样读：{readings}",
        "en": "there is no reading “{reading}”; this file can be read as: {readings}",
    },
    "import.no_tasks_seen": {
        "zh": "没有找到编号的任务（如“1.”“（一）”）。读到 {lines} 行文字，其中的编号：{numbers}；开头是：{first}。"
        "试过的读法：{shapes}。请确认这是分工方案；如果方案在附件里，请导入附件。",
        "en": "no numbered tasks were found (such as “1.” or “（一）”). Read {lines} line(s); numbers seen: {numbers}; "
        "it begins: {first}. Readings tried: {shapes}. Is this a work-division plan? If the plan is an attachment, import that.",
    },
    "import.only_cover": {
        "zh": "这是印发方案的通知，方案本身在附件“{attachment}”里：请把附件下载下来，导入附件文件。",
        "en": "this is the covering notice; the plan itself is the attachment “{attachment}”: download the attachment and import that file.",
    },
    "warn.starts_at": {"zh": "任务编号从 {no} 开始（前面的任务不在这份文件里？）", "en": "task numbers start at {no} (the tasks before are not in this file?)"},
    "warn.traditional": {"zh": "原文是繁体字，已转为简体", "en": "the text was in traditional characters; converted to simplified"},
    "warn.pinyin": {"zh": "已删除网页在字后插入的拼音", "en": "pinyin a web page put after characters was removed"},
    "warn.second_plan": {"zh": "文件里还有一份方案《{title}》，已一并读出", "en": "the file holds another plan, {title}; it was read too"},
    "cli.help.reading": {
        "zh": "按指定的读法导入（--dry-run 列出可选的读法，名称或序号均可）",
        "en": "import by this reading (--dry-run lists them; a name or its number)",
    },
    "key.reading": {"zh": "换读法", "en": "Reading"},
    # ---- hostile files (issues 23 and 20: caps on what a file may make us hold, form and
    # export file names, leftovers of a killed write, the form's print layout) -------------
    "limit.parts": {
        "zh": "文件里有 {parts} 个部件（上限 {limit} 个），不像是正常的 Word/Excel 文件，未读取。请用 Word、Excel 或 WPS 打开后另存一份再试。",
        "en": "the file holds {parts} parts (the limit is {limit}); this is not an ordinary Word/Excel file, so it was not read. Open it in Word, Excel or WPS, save a copy and try that.",
    },
    "limit.part": {
        "zh": "文件中的“{part}”解压后有 {size} MB（上限 {limit} MB），远超一份方案或反馈表，可能已损坏或是恶意文件，未读取。请用 Word、Excel 或 WPS 打开检查后另存一份再试。",
        "en": "the part {part} unpacks to {size} MB (the limit is {limit} MB), far more than a plan or form; the file may be damaged or malicious and was not read. Open it in Word, Excel or WPS, check it, save a copy and try that.",
    },
    "limit.unpacked": {
        "zh": "文件解压后共有 {size} MB（上限 {limit} MB），远超一份方案或反馈表，未读取。如果文件里有大量图片，请删去图片后另存一份再试。",
        "en": "the file unpacks to {size} MB in all (the limit is {limit} MB), far more than a plan or form, so it was not read. If it holds many pictures, remove them, save a copy and try that.",
    },
    "limit.ratio": {
        "zh": "文件中的“{part}”压缩比异常（压缩了 {ratio} 倍，解压后 {size} MB；正常文件不超过 {limit} 倍），像是“压缩炸弹”，未读取。",
        "en": "the part {part} is packed {ratio} times (it unpacks to {size} MB; ordinary files stay under {limit} times): it looks like a zip bomb and was not read.",
    },
    "limit.sheet_cells": {
        "zh": "工作表“{sheet}”的内容一直延伸到 {cell} 单元格（从 A1 算起共 {cells} 个单元格，上限 {limit} 个），未读取。通常是远处某个单元格误填了内容：请在 Excel 或 WPS 中按 Ctrl+End 找到它，删除那一行或列后保存，再试一次。",
        "en": "the sheet {sheet} reaches out to cell {cell} ({cells} cells from A1; the limit is {limit}), so it was not read. Usually a far-away cell holds something by mistake: press Ctrl+End in Excel or WPS to find it, delete its row or column, save and try again.",
    },
    "limit.sheet_rows": {
        "zh": "工作表“{sheet}”有 {rows} 行（上限 {limit} 行），不像是一份方案或反馈表，未读取。",
        "en": "the sheet {sheet} has {rows} rows (the limit is {limit}); that is not a plan or form, so it was not read.",
    },
    "limit.book_cells": {
        "zh": "各工作表合计 {cells} 个单元格（上限 {limit} 个），未读取。请只保留方案所在的工作表后另存一份再试。",
        "en": "the sheets hold {cells} cells in all (the limit is {limit}), so the file was not read. Keep only the plan's sheet, save a copy and try that.",
    },
    "limit.elements": {
        "zh": "文件的内容结构超过 {limit} 个元素，远超一份方案，未读取。如确是方案，请分成几个文件导入。",
        "en": "the file's content has more than {limit} XML elements, far more than a plan, so it was not read. If it is one, split it into several files.",
    },
    "limit.unmeasured": {
        "zh": "无法检查工作表“{sheet}”的大小（这种表格格式不支持），未读取。请用 Excel 或 WPS 另存为 .xlsx 后再试。",
        "en": "the size of the sheet {sheet} cannot be checked in this spreadsheet format, so it was not read. Save it as .xlsx in Excel or WPS and try that.",
    },
    "limit.rows": {
        "zh": "文件中的段落和表格行超过 {limit} 个，不像是一份方案，未读取。如确是方案，请分成几个文件导入。",
        "en": "the file holds more than {limit} paragraphs and table rows; that is not a plan, so it was not read. If it is one, split it into several files.",
    },
    "limit.tasks": {
        "zh": "读出 {tasks} 项任务（上限 {limit} 项），不像是一份方案，未导入。如确是方案，请分成几个文件导入。",
        "en": "{tasks} tasks were read (the limit is {limit}); that is not a plan, so nothing was imported. If it is one, split it into several files.",
    },
    "limit.pdf_stream": {
        "zh": "PDF 中有内容解压后超过 {limit} MB，不像是一份方案，未读取。",
        "en": "part of the PDF unpacks to more than {limit} MB; that is not a plan, so it was not read.",
    },
    "limit.pdf_pages": {
        "zh": "PDF 有 {pages} 页（上限 {limit} 页），不像是一份方案，未读取。",
        "en": "the PDF has {pages} pages (the limit is {limit}); that is not a plan, so it was not read.",
    },
    "forms.path_too_long": {
        "zh": "反馈表的路径太长（超过 {limit} 个字符，Windows 打不开）：{path}。请换一个短一些的文件夹（-o）。",
        "en": "The form's path is too long (over {limit} characters; Windows cannot open it): {path}. Choose a shorter folder (-o).",
    },
    "forms.write_failed": {
        "zh": "写不了反馈表 {path}：{detail}（此前已写出 {done} 份）。",
        "en": "Cannot write the form {path}: {detail} ({done} written before it).",
    },
    "merge.no_forms": {
        "zh": "文件夹 {path} 里没有电子表格（.xlsx、.xls、.ods），没有可合并的反馈表。",
        "en": "The folder {path} holds no spreadsheet (.xlsx, .xls, .ods): no form to merge.",
    },
    "export.continued": {"zh": "（续）", "en": "(cont.)"},
    "export.cells_continued": {
        "zh": "注：有 {count} 处文字超过 Excel 一个单元格的上限（{limit} 字），未删节，余下部分接在该任务下方标“（续）”的行中；JSON 导出中为完整的一段。",
        "en": "Note: {count} text(s) exceed Excel's limit of {limit} characters per cell; nothing was cut: the rest follows in the rows marked (cont.) under the task, and the JSON export holds it whole.",
    },
    "warn.more": {"zh": "……另有 {count} 条提示未列出", "en": "… and {count} more warning(s) not listed"},
}

# ---- issue 19 (revisions/units): revised plans merged, my unit, unit names joined ----------
CATALOG.update({
    "what.unit": {"zh": "单位", "en": "unit"},
    "change.revision": {"zh": "修订方案《{title}》（{tasks} 项任务有变化）",
                        "en": "revision of {title} ({tasks} tasks changed)"},
    "change.units_join": {"zh": "合并单位名称：{names} → {into}", "en": "unit names joined: {names} → {into}"},
    "change.units_split": {"zh": "拆开单位名称：{names}", "en": "unit names parted: {names}"},
    "change.setting": {"zh": "台账设置：{name}", "en": "ledger setting: {name}"},
    "setting.mine.catch_alls": {"zh": "“各单位”等泛指是否算本单位", "en": "whether catch-alls count as my unit"},
    # the revision rule and its diff
    "revision.would": {
        "zh": "这是方案《{title}》（#{plan_id}）的修订版，将并入该方案（任务的状态、进展备注和历史保留）：",
        "en": "A revision of plan #{plan_id} {title}; it would be merged into it (states, notes and "
        "history of its tasks kept):",
    },
    "revision.done": {
        "zh": "修订版已并入方案《{title}》（#{plan_id}）（任务的状态、进展备注和历史保留）：",
        "en": "The revision was merged into plan #{plan_id} {title} (states, notes and history kept):",
    },
    "revision.archived_as": {
        "zh": "删去的任务连同进展备注已移入归档方案 #{plan_id}。撤销（u）可整体恢复。",
        "en": "The dropped tasks, with their notes, are in archived plan #{plan_id}. Undo (u) puts it all back.",
    },
    "revision.counts": {
        "zh": "未变 {same} 项，改写 {reworded} 项，单位变化 {units} 项，时限变化 {time_limit} 项，"
        "仅编号或栏目变化 {moved} 项，新增 {added} 项，删去 {dropped} 项",
        "en": "{same} unchanged, {reworded} reworded, {units} with other units, {time_limit} with "
        "another time limit, {moved} renumbered or moved only, {added} added, {dropped} dropped",
    },
    "revision.sections": {
        "zh": "栏目：改名 {renamed} 个，新增 {added} 个，删去 {removed} 个",
        "en": "Sections: {renamed} renamed, {added} added, {removed} removed",
    },
    "revision.dropped_kept": {
        "zh": "删去的任务不会丢失：连同进展备注移入归档方案“{title}”。",
        "en": "Dropped tasks are not lost: they move, with their notes, to the archived plan “{title}”.",
    },
    "revision.nothing": {"zh": "任务与原方案完全相同。", "en": "The tasks are the same as the plan's."},
    "revision.by_clerk": {"zh": "（您指定的配对）", "en": " (paired by you)"},
    "revision.doubtful": {"zh": "（相似度 {percent}%，请核对）", "en": " ({percent}% alike: please check)"},
    "revision.field.text": {"zh": "改写", "en": "reworded"},
    "revision.field.no": {"zh": "编号", "en": "number"},
    "revision.field.units": {"zh": "单位", "en": "units"},
    "revision.field.time_limit": {"zh": "时限", "en": "time limit"},
    "revision.field.section": {"zh": "栏目", "en": "section"},
    "revision.old_text": {"zh": "原：{text}", "en": "was: {text}"},
    "revision.new_text": {"zh": "新：{text}", "en": "now: {text}"},
    "revision.units_change": {"zh": "单位：{before} → {after}", "en": "units: {before} → {after}"},
    "revision.time_change": {"zh": "时限：{before} → {after}", "en": "time limit: {before} → {after}"},
    "revision.no_change": {"zh": "编号：{before} → {after}", "en": "number: {before} → {after}"},
    "revision.section_change": {"zh": "栏目：{before} → {after}", "en": "section: {before} → {after}"},
    "revision.same": {"zh": "未变", "en": "unchanged"},
    # No spaces in the Chinese lines: a long text wraps where it must, not whole onto the next line.
    "revision.added": {"zh": "【新增】{no}．{text}", "en": "added {no}. {text}"},
    "revision.dropped": {"zh": "【删去】{no}．[{key}]{text}", "en": "dropped {no}. [{key}] {text}"},
    "revision.notes": {"zh": "{count} 条备注", "en": "{count} note(s)"},
    "revision.history_added": {"zh": "修订版新增此任务", "en": "added by a revision"},
    "revision.history_removed": {"zh": "撤销修订：删除修订版新增的此任务", "en": "revision undone: the task it added removed"},
    "revision.history_archived": {"zh": "修订版删去此任务：移入归档方案", "en": "dropped by a revision: moved to the archive"},
    "revision.history_back": {"zh": "撤销修订：从归档方案移回", "en": "revision undone: back from the archive"},
    "revision.history_changed": {"zh": "修订（{fields}）", "en": "revised ({fields})"},
    "revision.history_text": {"zh": "原：{before} → 新：{after}", "en": "was: {before} → now: {after}"},
    "revision.bad_index": {"zh": "修订版没有第 {index} 项任务（共 {count} 项）。",
                           "en": "The revision has no task #{index} (it has {count})."},
    "revision.unknown_task": {"zh": "原方案中没有任务 {key}。", "en": "The plan has no task {key}."},
    "revision.paired_twice": {"zh": "任务 {key} 被指定给了两项新任务，只能对应一项。",
                              "en": "Task {key} was paired with two tasks of the revision; it can be one."},
    "revision.archived": {"zh": "方案 #{plan_id} 已归档，不能再并入修订版。",
                          "en": "Plan #{plan_id} is archived; a revision cannot be merged into it."},
    "revision.same_document": {"zh": "这份文件已导入过（方案 #{plan_id}），不能再作为修订版并入。",
                               "en": "This very document was imported before (plan #{plan_id})."},
    "revision.bad_pair": {"zh": "--pair 的写法是 新任务=原任务，如 12=P1-0013 或 #12=new：{spec}",
                          "en": "--pair takes NEW=OLD, e.g. 12=P1-0013 or #12=new: {spec}"},
    "revision.new_unknown": {"zh": "修订版中没有编号为 {no} 的任务（可用 #序号 指第几项）。",
                             "en": "No task of the revision is numbered {no} (#N names the N-th)."},
    "revision.new_not_one": {"zh": "修订版中有 {count} 项任务编号为 {no}，请用 #序号 指明第几项。",
                             "en": "{count} tasks of the revision are numbered {no}: use #N for the N-th."},
    "revision.old_not_one": {"zh": "原方案中有 {count} 项任务编号为 {key}，请用任务号（如 P1-0013）。",
                             "en": "{count} tasks of the plan are numbered {key}: use its key (e.g. P1-0013)."},
    "revision.pair_without_revision": {
        "zh": "--pair 用于修订版：这次导入的文件中要恰有一份方案是修订版（可用 --revise 指定）。",
        "en": "--pair is for a revision: exactly one plan of the file must revise a plan (see --revise).",
    },
    "cli.help.revise": {"zh": "作为修订版并入这个方案（编号、标题或其中独有的一段）",
                        "en": "merge it into this plan as its revision (id, title or a unique part of it)"},
    "cli.help.new_plan": {"zh": "即使像是修订版，也作为新方案导入", "en": "import as a new plan even when it looks like a revision"},
    "cli.help.pair": {"zh": "更正配对：修订版的任务（编号或 #序号）=原方案的任务（任务号、编号或 new），可重复",
                      "en": "correct a pairing: the revision's task (number or #N) = the plan's task (key, "
                      "number or new); repeatable"},
    # units
    "units.unknown": {"zh": "台账中没有单位“{name}”（taizhang units 列出全部名称）。",
                      "en": "No unit named {name} in the ledger (taizhang units lists them)."},
    "units.joined": {"zh": "已合并：{names} → {into}（筛选、总览、反馈表和合并都按一个单位处理）。",
                     "en": "Joined: {names} → {into} (one unit in filters, the overview, forms and merges)."},
    "units.already_one": {"zh": "{names} 与 {into} 已经是同一单位。", "en": "{names} and {into} are one unit already."},
    "units.split_done": {"zh": "已拆开：{name}", "en": "Parted: {name}"},
    "units.not_joined": {"zh": "“{name}”没有与其他名称合并。", "en": "{name} is joined to no other name."},
    "units.catch_alls_yes": {"zh": "“各单位”等泛指：算本单位", "en": "Catch-alls (各单位 …): count as my unit"},
    "units.catch_alls_no": {"zh": "“各单位”等泛指：不算本单位", "en": "Catch-alls (各单位 …): do not count as my unit"},
    "units.bad_yes_no": {"zh": "请写 yes 或 no（是 / 否）：{value}", "en": "Write yes or no: {value}"},
    "units.line": {"zh": "{name}  {tasks} 项", "en": "{name}  {tasks} task(s)"},
    "units.joined_to": {"zh": "  = {name}", "en": "  = {name}"},
    "units.with_joined": {"zh": "  （连同合并的名称 {tasks} 项）", "en": "  ({tasks} with the names joined)"},
    "units.mine_mark": {"zh": "  ★本单位", "en": "  ★ my unit"},
    "cli.help.units": {"zh": "台账中的单位名称（按拼音排序、任务数）；合并、拆开；泛指是否算本单位",
                       "en": "the ledger's unit names (pinyin order, task counts); join, split; whether "
                       "catch-alls are mine"},
    "cli.help.units_join": {"zh": "把这些名称并为一个单位", "en": "join these names as one unit"},
    "cli.help.units_names": {"zh": "要合并的名称", "en": "names to join"},
    "cli.help.units_into": {"zh": "合并后使用的名称", "en": "the name they go by"},
    "cli.help.units_split": {"zh": "拆开已合并的名称", "en": "part a joined name again"},
    "cli.help.units_name": {"zh": "单位名称", "en": "a unit name"},
    "cli.help.units_catch_alls": {"zh": "“各单位”等泛指是否算本单位（yes / no；不写则显示）",
                                  "en": "whether catch-alls count as my unit (yes / no; none: show)"},
    # the UI: keys
    "key.units": {"zh": "单位名称", "en": "Unit names"},
    "key.settings": {"zh": "我的姓名和单位", "en": "My name and unit"},
    "key.unit_mark": {"zh": "选择", "en": "Mark"},
    "key.unit_join": {"zh": "合并到此名称", "en": "Join into this name"},
    "key.unit_split": {"zh": "拆开", "en": "Part"},
    "key.unit_catch_alls": {"zh": "泛指算不算本单位", "en": "Catch-alls mine?"},
    "key.unit_find": {"zh": "查找", "en": "Find"},
    "key.revision_pair": {"zh": "更正配对", "en": "Correct a pairing"},
    "key.revision_target": {"zh": "修订哪个方案", "en": "Which plan it revises"},
    # the UI: the clerk's settings, asked on the first run
    "ui.clerk.first_title": {"zh": "欢迎使用台账：请填写您的姓名和单位", "en": "Welcome: your name and unit"},
    "ui.clerk.first_why": {
        "zh": "姓名记入修改历史和进展备注；单位用于“本单位”筛选（f）和命令行的 --mine。以后可按 , 修改；esc 暂不填写。",
        "en": "Your name goes into the history and your notes; your unit is what the 'my unit' filter "
        "(f) and --mine look for. Change them later with ,; esc skips for now.",
    },
    "ui.clerk.title": {"zh": "我的姓名和单位", "en": "My name and unit"},
    "ui.clerk.name": {"zh": "姓名", "en": "Name"},
    "ui.clerk.unit": {"zh": "本单位", "en": "My unit"},
    "ui.clerk.unit_placeholder": {"zh": "例如：市教育局（输入时提示台账中的名称，→ 采用）",
                                  "en": "e.g. 市教育局 (names of the ledger are suggested; → takes one)"},
    "ui.clerk.aliases": {"zh": "别称", "en": "Aliases"},
    "ui.clerk.aliases_placeholder": {"zh": "本单位的其他叫法，用顿号分开，如：教育局、市教局",
                                     "en": "other names of your unit, separated by 、 or commas"},
    "ui.clerk.catch_alls": {"zh": "“各单位”“市直各单位”等泛指也算本单位（本台账的设置）",
                            "en": "catch-alls such as 各单位 count as my unit (a setting of this ledger)"},
    "ui.clerk.hint": {"zh": "enter 下一项，ctrl+s 保存，esc 取消。同一机构的不同名称可在单位名称（U）中合并。",
                      "en": "enter: next field; ctrl+s saves; esc cancels. Join names of one body in the "
                      "unit names (U)."},
    "ui.clerk.save": {"zh": "保存", "en": "Save"},
    "ui.clerk.saved": {"zh": "已保存到配置文件 {path}", "en": "Saved to the config file {path}"},
    # the UI: the unit names
    "ui.units.title": {"zh": "单位名称（按拼音排序）", "en": "Unit names (pinyin order)"},
    "ui.units.find": {"zh": "查找单位：汉字或拼音首字母，enter 回到列表，esc 取消",
                      "en": "Find a unit: characters or pinyin initials; enter back to the list, esc clears"},
    "ui.units.hint": {
        "zh": "同一机构的不同名称（如 教育局 / 市教育局）：空格选择要并入的名称，再把光标移到要保留的名称上按 =。"
        "- 拆开，c 切换泛指是否算本单位，/ 查找，esc 返回。每次修改都可在主界面按 u 撤销。",
        "en": "Names of one body (教育局 / 市教育局): space marks the names to join, then = on the name to "
        "keep. - parts them, c switches whether catch-alls are mine, / finds, esc goes back. u on the main "
        "screen undoes any of it.",
    },
    "ui.units.col.mark": {"zh": " ", "en": " "},
    "ui.units.col.name": {"zh": "名称", "en": "Name"},
    "ui.units.col.tasks": {"zh": "任务", "en": "Tasks"},
    "ui.units.col.joined": {"zh": "合并", "en": "Joined"},
    "ui.units.tasks": {"zh": "{count} 项", "en": "{count}"},
    "ui.units.joined_to": {"zh": "= {name}", "en": "= {name}"},
    "ui.units.with_joined": {"zh": "连同合并的名称 {count} 项", "en": "{count} with the names joined"},
    "ui.units.catch_all": {"zh": "泛指", "en": "catch-all"},
    "ui.units.count": {"zh": "共 {count} 个名称", "en": "{count} names"},
    "ui.units.my_unit": {"zh": "本单位：{unit} ★", "en": "My unit: {unit} ★"},
    "ui.units.no_unit": {"zh": "未设置本单位（按 , 设置）", "en": "No unit of mine set (, sets it)"},
    "ui.units.marked": {"zh": "已选 {count} 个", "en": "{count} marked"},
    "ui.units.join_how": {
        "zh": "先用空格选择要并入的名称，再把光标移到要保留的名称上按 =。",
        "en": "Mark the names to join with space, then press = on the name to keep.",
    },
    # the UI: undoing a revision, correcting one
    "ui.confirm.undo_revision": {
        "zh": "撤销{what}？方案恢复为修订前的样子：任务文字、单位、栏目复原，新增的任务删除，删去的任务从归档方案移回。",
        "en": "Undo the {what}? The plan goes back to before: texts, units and sections restored, added "
        "tasks removed, dropped tasks brought back from the archive.",
    },
    "ui.import.confirm_revision": {"zh": "确认并入", "en": "Merge it"},
    "ui.import.preview_hint_revision": {
        "zh": "以上是修订版与原方案的对比，尚未写入。enter 确认并入，tab 到对比处可上下翻看，esc 取消。",
        "en": "This compares the revision with the plan; nothing is written yet. enter merges it; tab to the "
        "comparison to scroll it; esc cancels.",
    },
    "ui.revision.keys": {"zh": "{pair} 更正配对（指定新任务对应的原任务）；{target} 改为并入其他方案或作为新方案导入",
                         "en": "{pair} corrects a pairing; {target} merges into another plan or imports it as new"},
    "ui.revision.as_new_chosen": {
        "zh": "按规则这是方案《{title}》（#{plan_id}）的修订版；您选择作为新方案导入（按 {key} 更改）。",
        "en": "By the rule this revises plan #{plan_id} {title}; you chose to import it as new ({key} changes it).",
    },
    "ui.revision.no_diff": {"zh": "这份文件不是修订版，没有配对可更正（ctrl+g 可指定它修订哪个方案）。",
                            "en": "This is no revision: no pairings to correct (ctrl+g says which plan it revises)."},
    "ui.revision.recomputing": {"zh": "正在重新比对⋯⋯", "en": "Comparing again ⋯"},
    "ui.revision.pick_new": {"zh": "更正配对：选择修订版中的一项任务（enter）", "en": "Correct a pairing: pick a task of the revision (enter)"},
    "ui.revision.pick_old": {"zh": "“{no}. {text}”对应原方案的哪项任务？", "en": "Which task of the plan is “{no}. {text}”?"},
    "ui.revision.pair_hint": {"zh": "↑↓ 移动，enter 选定，esc 返回", "en": "↑↓ move, enter picks, esc goes back"},
    "ui.revision.tag_added": {"zh": "〔新增〕", "en": "[added]"},
    "ui.revision.tag_same": {"zh": "〔未变 {key}〕", "en": "[unchanged {key}]"},
    "ui.revision.tag_changed": {"zh": "〔有变化 {key}〕", "en": "[changed {key}]"},
    "ui.revision.tag_dropped": {"zh": "〔删去〕", "en": "[dropped]"},
    "ui.revision.tag_this": {"zh": "〔现配对〕", "en": "[paired now]"},
    "ui.revision.tag_other": {"zh": "〔已配新任务 {no}〕", "en": "[paired with {no}]"},
    "ui.revision.none_old": {"zh": "不对应原方案任务（作为新增任务）", "en": "No task of the plan (a new task)"},
    "ui.revision.pick_target": {"zh": "这份文件修订的是哪个方案？", "en": "Which plan does this document revise?"},
    "ui.revision.target_hint": {"zh": "enter 选定，esc 返回", "en": "enter picks, esc goes back"},
    "ui.revision.as_new": {"zh": "不是修订版：作为新方案导入", "en": "No revision: import it as a new plan"},
    "ui.revision.by_rule": {"zh": "（按规则识别）", "en": " (by the rule)"},
})

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


_ORIGIN_PART = re.compile(r"(?:page (\d+) )?table (\d+)(?: row (\d+))?|sheet (.+?) row (\d+)|paragraph (\d+)|page (\d+)")


def _origin_parts(value: str, lang: str) -> str:
    """"page 2 table 1 row 3", "sheet 分工表 row 7", "paragraph 4" (nested: "… / table 1 row 2")."""
    out = []
    for part in value.split(" / "):
        m = _ORIGIN_PART.fullmatch(part)
        if not m:
            return value
        page, table, row, sheet, sheet_row, para, page_only = m.groups()
        if table:
            text = t("origin.table_row", lang, table=table, row=row) if row else t("origin.table", lang, table=table)
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


# ---- importer: plans in any text shape (issue 21) --------------------------------------------


def reading_text(reading, lang: str = DEFAULT_LANG) -> str:
    """A reading (store.drafts.ReadingDraft) in words: "连成一段的文字：按“一、”分栏目，按数字编号识别任务，单位在任务文字之后"."""
    if reading is None:
        return ""
    parts = [t(code, lang, **dict(params)) for code, params in reading.parts]
    if not parts:
        return t(f"reading.key.{reading.key}", lang)
    head, rest = parts[0], parts[1:]
    if lang == "zh":
        return head + ("：" + "，".join(rest) if rest else "")
    return head + (": " + ", ".join(rest) if rest else "")


def reading_name(key: str, lang: str = DEFAULT_LANG) -> str:
    """A reading's short name (its key in the clerk's language)."""
    name = t(f"reading.key.{key}", lang)
    return key if name == f"reading.key.{key}" else name
