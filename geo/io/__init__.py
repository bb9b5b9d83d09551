"""Reading and writing files: every user file opened once, with a budget, and every problem named.

- :mod:`geo.io.budget` — the limits (bytes, features, vertices, keys, text, error lines), each with the
  environment variable that raises it;
- :mod:`geo.io.source` — opening a file: type, size, regular file, UTF-8 and JSON, one message per problem;
- :mod:`geo.io.geojson` — GeoJSON features into rows and shapes, naming the feature of each problem;
- :mod:`geo.io.gdal` — GeoPackages, shapefiles (zipped or not) and other GDAL formats;
- :mod:`geo.io.repair` — making an invalid polygon valid at a bounded cost;
- :mod:`geo.io.layer` — :func:`read_layer`, the one entry point for a layer file of any format;
- :mod:`geo.io.write` — atomic writes that never replace a file unless asked.
"""

from .budget import Budget
from .layer import Layer, read_layer
from .source import read_bytes, read_json
from .write import atomic_write, check_target

__all__ = ["Budget", "Layer", "read_layer", "read_bytes", "read_json", "atomic_write", "check_target"]
