//! The `llvm-profdata show` views of a profile.
