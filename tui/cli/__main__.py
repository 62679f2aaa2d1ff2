"""`python -m tui.cli …` is `taizhang …`."""
import sys

from tui.cli import main

sys.exit(main())
