"""What every layer stands on: text made safe, errors, where the bundled data lives, coordinate systems, colours,
words and languages. Imports nothing else from geo."""
