"""Drawing inputs and code for zonemap's geometry; ``python -m zones.draw`` rebuilds the GeoJSON."""
