"""The files of the offline bundle that people run and read: install and start scripts, 安装说明.

Templates with `@@NAME@@` placeholders (neither `%` nor `$`, which the scripts use themselves).
`render_all(context)` returns {file name: (text, crlf, bom, executable)}; `release.bundle` writes them:
the .bat files UTF-8 without BOM (a BOM breaks cmd's first line) and CRLF, after `chcp 65001` so
Chinese shows; the .sh files LF, POSIX sh; 安装说明.txt UTF-8 with BOM and CRLF, for Notepad.
The words are Chinese: the bundle is for Chinese offices (the CLI's own strings are in store/i18n).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

README_NAME = "安装说明.txt"

TARGET_ZH = {
    "win_amd64": "Windows 10 及以上，64 位（x86-64）",
    "linux_x86_64": "Linux x86-64，glibc 2.28 及以上（例如 x86 电脑上的 统信 UOS、银河麒麟 V10）",
    "linux_aarch64": "Linux aarch64 / ARM64，glibc 2.28 及以上（例如 飞腾、鲲鹏 电脑上的 统信 UOS、银河麒麟 V10）",
}
# What each optional part is for, in the clerk's words (pyproject's optional-dependencies).
EXTRA_ZH = {"pdf": "导入 PDF 格式的方案"}
TARGET_SHORT = {"win_amd64": "Windows x86-64", "linux_x86_64": "Linux x86-64", "linux_aarch64": "Linux aarch64"}


@dataclass(frozen=True)
class Context:
    version: str
    targets: tuple[str, ...]
    pythons: tuple[str, ...]
    extras: tuple[str, ...] = ()
    unavailable: dict[str, tuple[str, ...]] = field(default_factory=dict)


INSTALL_BAT = r"""@echo off
rem taizhang @@VERSION@@ offline installer for Windows, made by "python -m release.bundle".
rem Creates venv\ in this folder and installs from wheels\ only (--no-index): no internet needed.
rem Usage: install.bat [optional parts]   Another Python: set PYTHON=C:\path\python.exe first.
chcp 65001 >nul
setlocal EnableExtensions
cd /d "%~dp0"

set "EXTRAS="
set "EXTRA_LINKS="
:args
if "%~1"=="" goto args_done
@@BAT_EXTRA_CASES@@
echo 未知的可选组件：%~1 （本安装包的可选组件：@@EXTRA_NAMES@@）
goto fail
:args_done
set "SPEC=taizhang"
if defined EXTRAS set "SPEC=taizhang[%EXTRAS:~1%]"

set "PY="
rem set PYTHON="C:\Program Files\...\python.exe" with quotes works too: they are dropped here.
if defined PYTHON set "PYTHON=%PYTHON:"=%"
if defined PYTHON call :try "%PYTHON%"
if defined PYTHON if not defined PY goto bad_python_env
@@BAT_PY_CANDIDATES@@
if not defined PY call :try python
if not defined PY call :try py -3
if not defined PY goto no_python

echo 使用的 Python：
%PY% --version
echo 正在创建虚拟环境 venv（在本文件夹中）……
%PY% -m venv --clear venv
if errorlevel 1 goto venv_failed
echo 正在安装 taizhang（不联网，只用 wheels 文件夹中的文件）……
rem --isolated: the user's pip settings (their pip.ini, PIP_* variables) play no part.
"venv\Scripts\pip.exe" install --isolated --no-index --find-links wheels %EXTRA_LINKS% --disable-pip-version-check "%SPEC%"
if errorlevel 1 goto pip_failed

echo.
echo 安装完成：
"venv\Scripts\taizhang.exe" --version
echo.
echo 台账数据保存在下面这些位置（不在本文件夹中，更新或删除本文件夹都不会影响数据）：
"venv\Scripts\taizhang.exe" paths
echo.
echo 以后双击 taizhang.bat 打开台账。试用示例台账：在本文件夹中运行 taizhang.bat sample.db
goto done

:bad_python_env
echo PYTHON=%PYTHON% 不是 Python 3.11 或更高版本（64 位）。
goto fail

:no_python
echo.
echo 没有找到 Python 3.11 或更高版本（64 位）。
echo 请信息技术人员先安装 Python @@PYTHONS@@（64 位，安装时勾选 Add python.exe to PATH），再运行 install.bat。
echo 如果 Python 装在别处，可以先运行 set PYTHON=C:\路径\python.exe 再运行 install.bat。
echo 本机已有的 Python（如果有）：
py -0p 2>nul
python --version 2>nul
goto fail

:venv_failed
echo.
echo 创建虚拟环境失败。如果 taizhang 正在运行，请先关闭它，再运行 install.bat。
goto fail

:pip_failed
echo.
echo 安装失败。本安装包适用于 Python @@PYTHONS@@，@@TARGETS_SHORT@@。
echo 当前的 Python：
%PY% --version
echo 请把上面的出错信息发给信息技术人员。
goto fail

:fail
if not "%TAIZHANG_NO_PAUSE%"=="1" pause
exit /b 1

:done
if not "%TAIZHANG_NO_PAUSE%"=="1" pause
exit /b 0

rem :try PYTHON... - sets PY when that command is a 64-bit Python 3.11 or newer
:try
%* -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) and sys.maxsize > 2**32 else 1)" >nul 2>&1
if errorlevel 1 exit /b 1
set "PY=%*"
exit /b 0
"""

BAT_EXTRA_CASE = r"""if /i "%~1"=="@@EXTRA@@" (
  set "EXTRAS=%EXTRAS%,@@EXTRA@@"
  set "EXTRA_LINKS=%EXTRA_LINKS% --find-links extras\@@EXTRA@@"
  shift
  goto args
)"""

TAIZHANG_BAT = r"""@echo off
rem Opens taizhang installed by install.bat; arguments are passed on (taizhang.bat sample.db).
chcp 65001 >nul
setlocal
if not exist "%~dp0venv\Scripts\taizhang.exe" goto not_installed
"%~dp0venv\Scripts\taizhang.exe" %*
set "RC=%ERRORLEVEL%"
if not "%RC%"=="0" if "%~1"=="" pause
exit /b %RC%

:not_installed
echo taizhang 还没有安装：请先双击运行本文件夹中的 install.bat。
pause
exit /b 1
"""

INSTALL_SH = r"""#!/bin/sh
# taizhang @@VERSION@@ 离线安装（Linux），由 python -m release.bundle 生成。
# 在本文件夹中创建虚拟环境 venv/，只用 wheels/ 中的文件安装（--no-index），不联网。
# 用法：sh install.sh [可选组件…]      指定 Python：PYTHON=/路径/python3 sh install.sh
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 1
cd "$HERE" || exit 1

EXTRAS=""
EXTRA_LINKS=""
for arg in "$@"; do
  case "$arg" in
@@SH_EXTRA_CASES@@
    *)
      echo "未知的可选组件：$arg（本安装包的可选组件：@@EXTRA_NAMES@@）" >&2
      exit 2 ;;
  esac
done
SPEC=taizhang
if [ -n "$EXTRAS" ]; then
  SPEC="taizhang[$EXTRAS]"
fi

python_ok() {
  "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) and sys.maxsize > 2**32 else 1)' >/dev/null 2>&1
}

PY=""
if [ -n "${PYTHON:-}" ]; then
  if python_ok "$PYTHON"; then
    PY=$PYTHON
  else
    echo "PYTHON=$PYTHON 不是 Python 3.11 或更高版本（64 位）。" >&2
    exit 1
  fi
else
  for candidate in @@SH_PY_CANDIDATES@@ python3; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      PY=$candidate
      break
    fi
  done
fi
if [ -z "$PY" ]; then
  echo "没有找到 Python 3.11 或更高版本（64 位）。" >&2
  echo "请信息技术人员先安装 Python @@PYTHONS@@（64 位）和它的 venv 模块，再运行 sh install.sh。" >&2
  echo "如果 Python 装在别处，可以这样指定：PYTHON=/路径/python3 sh install.sh" >&2
  if command -v python3 >/dev/null 2>&1; then
    echo "本机的 python3 是：$(python3 --version 2>&1)" >&2
  fi
  exit 1
fi

echo "使用的 Python：$("$PY" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
echo "正在创建虚拟环境 venv（在本文件夹中）……"
if ! "$PY" -m venv --clear venv; then
  echo "创建虚拟环境失败。统信 UOS、麒麟、Debian 等系统请信息技术人员安装 python3-venv（与 Python 版本对应，例如 python3.11-venv），再运行 sh install.sh。" >&2
  exit 1
fi
echo "正在安装 taizhang（不联网，只用 wheels 文件夹中的文件）……"
# EXTRA_LINKS holds whole options; the folder names in it have no spaces. --isolated: this
# machine's pip settings (the user's pip.conf, PIP_* variables) play no part.
if ! venv/bin/pip install --isolated --no-index --find-links wheels $EXTRA_LINKS --disable-pip-version-check "$SPEC"; then
  echo "" >&2
  echo "安装失败。本安装包适用于 Python @@PYTHONS@@，@@TARGETS_SHORT@@。" >&2
  echo "当前的 Python：$("$PY" --version 2>&1)，$(uname -m)。请把上面的出错信息发给信息技术人员。" >&2
  exit 1
fi

echo ""
echo "安装完成：$(venv/bin/taizhang --version)"
echo ""
echo "台账数据保存在下面这些位置（不在本文件夹中，更新或删除本文件夹都不会影响数据）："
venv/bin/taizhang paths
echo ""
echo "以后运行 sh taizhang.sh 打开台账。试用示例台账：sh taizhang.sh sample.db"
"""

SH_EXTRA_CASE = """    @@EXTRA@@)
      EXTRAS="${EXTRAS:+$EXTRAS,}@@EXTRA@@"
      EXTRA_LINKS="$EXTRA_LINKS --find-links extras/@@EXTRA@@" ;;"""

TAIZHANG_SH = r"""#!/bin/sh
# 打开 sh install.sh 安装的 taizhang；参数原样传给它（sh taizhang.sh sample.db）。
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 1
if [ ! -x "$HERE/venv/bin/taizhang" ]; then
  echo "taizhang 还没有安装：请先在本文件夹中运行 sh install.sh" >&2
  exit 1
fi
exec "$HERE/venv/bin/taizhang" "$@"
"""

README = r"""taizhang 台账 @@VERSION@@ 离线安装包
==================================================

本文件夹可以用 U 盘拷到不能上网的办公电脑上安装，安装时不联网。

一、安装前：请信息技术人员装好 Python
  电脑上要先装好 Python 3.11 或更高版本（64 位）。本安装包带有下列 Python 版本和平台所需的全部文件：
    Python：@@PYTHONS@@
@@TARGET_LINES@@
  Windows 安装 Python 时请勾选“Add python.exe to PATH”。
  统信 UOS、麒麟等 Linux 系统自带的 Python 往往低于 3.11，需要另装；如果安装时提示缺少 venv，
  请再装对应的 python3-venv 软件包（例如 python3.11-venv）。

二、安装
  1. 把整个文件夹复制到本机硬盘上，例如 C:\taizhang 或 /home/用户名/taizhang。
     不要直接在 U 盘上安装；装好后不要再移动这个文件夹（移动了就重新运行一次安装）。
  2. Windows：双击 install.bat。
     Linux：在终端里进入本文件夹，运行  sh install.sh
  3. 安装只用本文件夹 wheels 里的文件，不联网，一般一两分钟内完成。装完会显示台账数据保存的位置。
  Python 不在默认位置时可以指定：
     Windows：先运行  set PYTHON=C:\路径\python.exe  再运行 install.bat
     Linux：  PYTHON=/路径/python3 sh install.sh

三、使用
  Windows：双击 taizhang.bat 打开台账（可以右键“发送到 → 桌面快捷方式”）。
  Linux：  sh taizhang.sh
  sample.db 是示例台账（samples 文件夹中五个示例方案导入后的样子），可以这样打开试用：
     taizhang.bat sample.db        （Linux：sh taizhang.sh sample.db）
  试用时的修改会保存在 sample.db 里，不影响自己的台账。
  命令行用法（Windows 用 taizhang.bat，Linux 用 sh taizhang.sh）：
     taizhang.bat import 方案.txt     导入方案
     taizhang.bat status              查看完成进度
     taizhang.bat backup              立即备份台账
     taizhang.bat config set name 张三    设置自己的姓名（unit 本单位；config 查看全部设置）
     taizhang.bat --help              查看全部命令

四、数据保存在哪里
  台账数据、配置和备份不在本安装文件夹里，而在当前用户自己的文件夹中。
  运行  taizhang.bat paths（Linux：sh taizhang.sh paths）可以看到本机的准确位置。一般是：
     Windows  台账数据库  C:\Users\用户名\AppData\Local\taizhang\taizhang.db
              配置文件    C:\Users\用户名\AppData\Local\taizhang\config.toml
              备份        C:\Users\用户名\AppData\Local\taizhang\backups\
              导出的报表  “文档”文件夹下的 taizhang\
     Linux    台账数据库  ~/.local/share/taizhang/taizhang.db
              配置文件    ~/.config/taizhang/config.toml
              备份        ~/.local/share/taizhang/backups/
              导出的报表  “文档”（Documents）文件夹下的 taizhang/
  要备份或交接台账，先关闭 taizhang，再复制台账数据库文件（taizhang.db）。

五、更新到新版本
  先关闭 taizhang。把新版本的安装包复制到原来的文件夹（覆盖旧文件）或一个新文件夹，
  再运行其中的 install.bat（Linux：sh install.sh）。
@@UPDATE_EXTRAS@@  更新不会动台账数据和配置：它们不在安装文件夹里。新版本第一次打开台账时，如果数据库格式需要升级，
  会先自动备份（放在数据库旁边的 backups 文件夹），再升级。
  如果换到了新文件夹，确认新版本能正常打开台账后，可以删除旧的安装文件夹。

六、卸载
  删除本安装文件夹即可（做过桌面快捷方式的，把快捷方式也删掉）。台账数据、配置、备份和导出的报表
  在另外的文件夹里（见第四条），不会被删除；如果它们也不再需要，确认已备份后再删除第四条中的那些文件夹。
@@EXTRAS_SECTION@@
本文件夹里有什么
  install.bat、install.sh     安装（Windows、Linux）
  taizhang.bat、taizhang.sh   打开台账（Windows、Linux）
  wheels\                     taizhang 和它用到的软件包（安装用，不要删除）
@@EXTRAS_LISTING@@  samples\                    五个示例方案
  sample.db                   示例台账
  bundle.json                 安装包的内容清单（给信息技术人员看）
  venv\                       运行 install 后生成：安装好的 taizhang
"""

EXTRAS_SECTION = r"""
七、可选组件（不装也能正常使用）
@@EXTRA_LINES@@
"""


def _fill(template: str, values: dict[str, str]) -> str:
    text = template
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    left = re.findall(r"@@[A-Z_]+@@", text)
    if left:
        raise ValueError(f"unfilled placeholders: {sorted(set(left))}")
    return text


def render_all(ctx: Context) -> dict[str, tuple[str, bool, bool, bool]]:
    """{file name: (text, crlf, bom, executable)}"""
    pythons_desc = "、".join(ctx.pythons)
    minors = sorted(ctx.pythons, key=lambda v: tuple(int(x) for x in v.split(".")), reverse=True)
    targets_short = "、".join(TARGET_SHORT.get(t, t) for t in ctx.targets)
    extra_names = "、".join(ctx.extras) if ctx.extras else "无"
    extra_lines = []
    for extra in ctx.extras:
        purpose = f"用于{EXTRA_ZH[extra]}，" if extra in EXTRA_ZH else ""
        line = (f"  {extra}：{purpose}放在 extras\\{extra} 文件夹。需要时运行  install.bat {extra}"
                f"（Linux：sh install.sh {extra}），会连同 taizhang 一起重新安装。")
        if ctx.unavailable.get(extra):
            line += f"\n    以下平台和 Python 版本没有这个组件：{'、'.join(ctx.unavailable[extra])}。"
        extra_lines.append(line)
    common = {
        "VERSION": ctx.version,
        "PYTHONS": pythons_desc,
        "TARGETS_SHORT": targets_short,
        "EXTRA_NAMES": extra_names,
    }
    install_bat = _fill(INSTALL_BAT, {
        **common,
        "BAT_EXTRA_CASES": "\n".join(_fill(BAT_EXTRA_CASE, {"EXTRA": e}) for e in ctx.extras),
        "BAT_PY_CANDIDATES": "\n".join(f"if not defined PY call :try py -{v}" for v in minors),
    })
    install_sh = _fill(INSTALL_SH, {
        **common,
        "SH_EXTRA_CASES": "\n".join(_fill(SH_EXTRA_CASE, {"EXTRA": e}) for e in ctx.extras),
        "SH_PY_CANDIDATES": " ".join(f"python{v}" for v in minors),
    })
    readme = _fill(README, {
        **common,
        "TARGET_LINES": "\n".join(f"    平台：{TARGET_ZH.get(t, t)}" for t in ctx.targets),
        "UPDATE_EXTRAS": (f"  以前装过可选组件（见第七条）的，更新时同样带上它，例如 install.bat {ctx.extras[0]}"
                          f"（Linux：sh install.sh {ctx.extras[0]}）。\n") if ctx.extras else "",
        "EXTRAS_SECTION": _fill(EXTRAS_SECTION, {"EXTRA_LINES": "\n".join(extra_lines)}) if ctx.extras else "",
        "EXTRAS_LISTING": "".join(
            f"  extras\\{e}\\{' ' * max(1, 20 - len(e))}可选组件 {e}"
            f"（{EXTRA_ZH[e] + '用，' if e in EXTRA_ZH else ''}可不装）\n" for e in ctx.extras),
    })
    return {
        "install.bat": (install_bat, True, False, False),
        "taizhang.bat": (TAIZHANG_BAT, True, False, False),
        "install.sh": (install_sh, False, False, True),
        "taizhang.sh": (TAIZHANG_SH, False, False, True),
        README_NAME: (readme, True, True, False),
    }
