"""Serve the page: ``python serve.py [streamlit options]`` (``make run`` does this).

Before the server starts listening, the libraries the page needs are imported, the map data is read and the
default map drawn once (:func:`geo.page.warm`), so the first visitor of a fresh server waits for none of it.
Streamlit's own options and STREAMLIT_* variables apply as with ``streamlit run app.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    from streamlit.web import cli

    from geo.base.errors import DataError
    from geo.model.atlas import Sources
    from geo.page import warm

    try:
        warm(Sources.from_env())
    except DataError:
        pass  # the page shows the problems to its visitors; the server still starts
    # streamlit_folium is not imported here: a component declared before the server starts is not served.
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("app.py")), *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
