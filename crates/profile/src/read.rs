//! Reading a profile of any kind, detected from its first bytes.
