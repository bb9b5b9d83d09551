"""The model: the layers read and checked (schema, load, agreements), the Atlas and its Dated states, the days
the data span, and what the atlas measures (shares, events, places)."""
