//! Indexed profiles (`.profdata`), versions 5 to 13: reader and writer.
