"""What a user would otherwise write to locate a CSV of points: a plain GeoPandas script.

    .venv/bin/python bench/baseline_locate_geopandas.py IN.csv OUT.csv

The usual recipe, written as the GeoPandas documentation teaches it: ``pandas.read_csv``,
``geopandas.points_from_xy``, one ``sjoin(predicate="within")`` against the de-escalation areas
and one against the governorates (the same bundled files ``zonemap locate`` uses; the areas as they
stood on ``zonemap locate``'s default date, 15 September 2017, read from each feature's ``valid_from`` and
``valid_to``), keep the first match per point, and ``to_csv`` the input columns plus ``zone_id``, ``zone_name``, ``governorate``
in the same order. Only the file reading goes through geopandas; nothing is tuned.
"""

import sys

import geopandas as gpd
import pandas as pd

from geo import data

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, dtype=str, keep_default_na=False)
lat = pd.to_numeric(df["lat"], errors="coerce")
lon = pd.to_numeric(df["lon"], errors="coerce")
points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")

DAY = "2017-09-15"  # zonemap locate's default date; ISO dates compare as text
areas = gpd.read_parquet(data.AREAS)
in_force = (areas["valid_from"] <= DAY) & ((areas["valid_to"].fillna("") == "") | (areas["valid_to"] > DAY))
areas = areas[in_force & (areas["kind"] == "de-escalation area")][["id", "name", "geometry"]]
areas = areas.rename(columns={"id": "zone_id", "name": "zone_name"})
governorates = gpd.read_file(data.GOVERNORATES)[["name", "geometry"]].rename(columns={"name": "governorate"})

in_area = gpd.sjoin(points[["geometry"]], areas, how="left", predicate="within")
in_area = in_area[~in_area.index.duplicated(keep="first")]
in_gov = gpd.sjoin(points[["geometry"]], governorates, how="left", predicate="within")
in_gov = in_gov[~in_gov.index.duplicated(keep="first")]

out = df.copy()
out["zone_id"] = in_area["zone_id"].fillna("")
out["zone_name"] = in_area["zone_name"].fillna("")
out["governorate"] = in_gov["governorate"].fillna("")
out.to_csv(dst, index=False)
