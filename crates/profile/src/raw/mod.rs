//! Raw profiles (`.profraw`), versions 5 to 11.
