//! Merging profiles as `llvm-profdata merge` does.
