"""One date and one view of the atlas resolved into a Scene (scene), and what a click on it tells (details,
clicks)."""
