"""Every output drawn from a Scene: the interactive map (render, offline), the static maps (static/), charts,
tables, exports and animations."""
