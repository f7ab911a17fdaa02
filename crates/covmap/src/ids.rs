//! Typed ids and positions, so a counter id can never be passed where an
//! expression id or a line is meant.

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident($ty:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub $ty);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

id!(
    /// The MD5-based hash of a function's PGO name (`NameRef`).
    NameHash(u64)
);
id!(
    /// A function's structural hash (`FuncHash`), matched against the
    /// profile's.
    FuncHash(u64)
);
id!(
    /// The MD5-based hash of a translation unit's encoded filenames blob
    /// (`FilenamesRef`).
    FilenamesRef(u64)
);
id!(
    /// Index of a profile counter within its function.
    CounterId(u32)
);
id!(
    /// Index of an expression within its function.
    ExpressionId(u32)
);
id!(
    /// A function-local file id: an index into the function's file-id map.
    FileId(u32)
);
id!(
    /// A 1-based source line.
    Line(u32)
);
id!(
    /// A 1-based source column; `u32::MAX` stands for "end of line".
    Column(u32)
);

/// A source position: line, then column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// The line.
    pub line: Line,
    /// The column.
    pub column: Column,
}

impl Position {
    /// The position at `line`, `column`.
    #[must_use]
    pub fn new(line: u32, column: u32) -> Self {
        Position {
            line: Line(line),
            column: Column(column),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
