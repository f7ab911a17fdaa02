//! Shared inputs for the criterion benches of covkit.
