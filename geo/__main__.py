"""The ``zonemap`` command (and ``python -m geo``).

Ctrl-C is handled from the first line, before any heavy import (:mod:`geo.base.interrupt`); then
:func:`geo.cli.main` runs. At the end the output is flushed and the process ends at once, without Python's
clean-up of its modules: a Ctrl-C can then come at no moment where it would be lost or end the process
without its one line (the command's temporary files are removed by the command itself, not at exit).
"""

import os
import sys

from geo.base import interrupt

interrupt.install()


def main() -> int:
    try:
        from geo.cli import main as run

        code = run()
    except SystemExit as exc:  # argparse: --help (0) and usage errors (2), its message already printed
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    with interrupt.held():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    os._exit(code)


if __name__ == "__main__":
    main()
