"""A user's CSV of places located in the atlas, in one process or with Dask."""
