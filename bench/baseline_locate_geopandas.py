"""What a user would otherwise write to locate a CSV of points: a plain GeoPandas script.

    .venv/bin/python bench/baseline_locate_geopandas.py IN.csv OUT.csv

The usual recipe, written as the GeoPandas documentation teaches it: ``pandas.read_csv``,
``geopandas.points_from_xy``, one ``sjoin(predicate="within")`` against the de-escalation areas
and one against the governorates (the same bundled files ``zonemap locate`` uses; the areas as they
stood on ``zonemap locate``'s default date, 15 September 2017, read from each feature's ``valid_from`` and
``valid_to``), keep the first match per point, and ``to_csv`` the input columns plus ``zone_id``, ``zone_name``,
``agreed_id`` (the area as agreed around the point: the ``part_of`` of the ``area as agreed`` feature in force) and
``governorate`` in the same order. Only the file reading goes through geopandas; nothing is tuned.
"""

import sys

import geopandas as gpd
import pandas as pd

from geo.base import data

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, dtype=str, keep_default_na=False)
lat = pd.to_numeric(df["lat"], errors="coerce")
lon = pd.to_numeric(df["lon"], errors="coerce")
points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")

DAY = "2017-09-15"  # zonemap locate's default date; ISO dates compare as text
every = gpd.read_parquet(data.AREAS)
in_force = (every["valid_from"] <= DAY) & ((every["valid_to"].fillna("") == "") | (every["valid_to"] > DAY))
areas = every[in_force & (every["kind"] == "de-escalation area")][["id", "name", "geometry"]]
agreed = every[in_force & (every["kind"] == "area as agreed")][["part_of", "geometry"]]
points = points.set_crs(every.crs, allow_override=True)  # the areas say OGC:CRS84: the same lon/lat as EPSG:4326
areas = areas.rename(columns={"id": "zone_id", "name": "zone_name"})
governorates = gpd.read_file(data.GOVERNORATES)[["name", "geometry"]].rename(columns={"name": "governorate"})
governorates = governorates.set_crs(every.crs, allow_override=True)

in_area = gpd.sjoin(points[["geometry"]], areas, how="left", predicate="within")
in_area = in_area[~in_area.index.duplicated(keep="first")]
in_agreed = gpd.sjoin(points[["geometry"]], agreed, how="left", predicate="within")
in_agreed = in_agreed[~in_agreed.index.duplicated(keep="first")]
in_gov = gpd.sjoin(points[["geometry"]], governorates, how="left", predicate="within")
in_gov = in_gov[~in_gov.index.duplicated(keep="first")]

out = df.copy()
out["zone_id"] = in_area["zone_id"].fillna("")
out["zone_name"] = in_area["zone_name"].fillna("")
out["agreed_id"] = in_agreed["part_of"].fillna("")
out["governorate"] = in_gov["governorate"].fillna("")
out.to_csv(dst, index=False)
