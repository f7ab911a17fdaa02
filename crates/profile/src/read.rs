//! Reading a profile of any kind, detected from its first bytes, into one
//! uniform view ([`Profile`]) for the merge and the `show` views.
//!
//! Detection follows LLVM 22's `InstrProfReader::create`: the indexed
//! magic, then a raw magic (32- or 64-bit, either byte order), then text if
//! the first eight bytes are printable ASCII or white space. An empty input
//! is [`Format::Empty`]: `llvm-profdata merge` skips such files silently
//! ("empty raw profile file"), `show` rejects them.

use std::borrow::Cow;

use crate::error::{Error, ErrorKind, Result};
use crate::format;
use crate::indexed::IndexedProfile;
use crate::raw::{self, RawProfile};
use crate::record::{Record, Variant};
use crate::text::{self, TemporalTraces, TextProfile};

/// The kind of a profile file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// No bytes at all.
    Empty,
    /// A raw profile (`.profraw`), one or more back to back.
    Raw,
    /// An indexed profile (`.profdata`).
    Indexed,
    /// A text profile (`.proftext`).
    Text,
}

impl Format {
    /// The kind of `data`, from its first bytes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BadMagic`] when `data` is none of the three kinds.
    pub fn detect(data: &[u8]) -> Result<Format> {
        if data.is_empty() {
            return Ok(Format::Empty);
        }
        if let Some(magic) = data.first_chunk::<8>() {
            let magic = u64::from_le_bytes(*magic);
            if magic == format::INDEXED_INSTR_PROF_MAGIC {
                return Ok(Format::Indexed);
            }
        }
        if raw::is_raw_profile(data) {
            return Ok(Format::Raw);
        }
        if text::looks_like_text(data) {
            return Ok(Format::Text);
        }
        let mut first = [0u8; 8];
        for (dst, src) in first.iter_mut().zip(data) {
            *dst = *src;
        }
        Err(Error::new(
            ErrorKind::BadMagic {
                magic: u64::from_le_bytes(first),
            },
            0,
        ))
    }
}

/// A profile of any kind, as the merge and `show` see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile<'data> {
    /// What kind of file it came from.
    pub format: Format,
    /// The variant flags (of the first profile, for several raw profiles
    /// back to back, as LLVM reads them).
    pub variant: Variant,
    /// Whether a text profile says `:fe` (see [`TextProfile::front_end`]).
    pub front_end: bool,
    /// The format version without variant flags (raw or indexed), `None`
    /// for text.
    pub version: Option<u64>,
    /// The binary IDs, in file order.
    pub binary_ids: Vec<Cow<'data, [u8]>>,
    /// The records, in the order `llvm-profdata show` lists them: raw
    /// record order, the indexed hash table's order, text file order.
    pub records: Vec<Record<'data>>,
    /// Names that value-profile targets may refer to besides the record
    /// names: vtable names, and the target names of a text profile.
    pub symbol_names: Vec<Cow<'data, [u8]>>,
    /// Temporal profile traces, for text profiles that carry them.
    pub temporal: Option<TemporalTraces>,
}

impl<'data> Profile<'data> {
    /// Reads `data`, whatever its kind.
    ///
    /// # Errors
    ///
    /// An empty input ("empty raw profile file", at offset 0), an unknown
    /// magic, and every error of the raw, indexed and text readers.
    pub fn parse(data: &'data [u8]) -> Result<Self> {
        match Format::detect(data)? {
            Format::Empty => Err(Error::malformed("empty raw profile file", 0)),
            Format::Raw => Ok(Self::from_raw(RawProfile::parse_all(data)?)),
            Format::Indexed => Self::from_indexed(&IndexedProfile::parse(data)?),
            Format::Text => Ok(Self::from_text(TextProfile::parse(data)?)),
        }
    }

    /// The view of raw profiles read from one file.
    #[must_use]
    pub fn from_raw(profiles: Vec<RawProfile<'data>>) -> Self {
        let variant = profiles.first().map(|p| p.variant).unwrap_or_default();
        let version = profiles.first().map(|p| p.version);
        let mut out = Profile {
            format: Format::Raw,
            variant,
            front_end: false,
            version,
            binary_ids: Vec::new(),
            records: Vec::new(),
            symbol_names: Vec::new(),
            temporal: None,
        };
        for p in profiles {
            out.binary_ids
                .extend(p.binary_ids.into_iter().map(Cow::Borrowed));
            out.records.extend(p.records);
            out.symbol_names.extend(p.vtable_names);
        }
        out
    }

    /// The view of an indexed profile, with every record decoded.
    ///
    /// # Errors
    ///
    /// A record or the vtable names that do not decode.
    pub fn from_indexed(profile: &IndexedProfile<'data>) -> Result<Self> {
        let records = profile.records().collect::<Result<Vec<_>>>()?;
        let symbol_names = profile
            .vtable_names()?
            .iter()
            .map(|name| Cow::Owned(name.to_vec()))
            .collect();
        Ok(Profile {
            format: Format::Indexed,
            variant: profile.variant(),
            front_end: false,
            version: Some(profile.version()),
            binary_ids: profile
                .binary_ids()
                .iter()
                .map(|id| Cow::Borrowed(*id))
                .collect(),
            records,
            symbol_names,
            temporal: None,
        })
    }

    /// The view of a text profile.
    #[must_use]
    pub fn from_text(profile: TextProfile<'data>) -> Self {
        Profile {
            format: Format::Text,
            variant: profile.variant,
            front_end: profile.front_end,
            version: None,
            binary_ids: Vec::new(),
            records: profile.records,
            symbol_names: profile.value_names.into_iter().map(Cow::Borrowed).collect(),
            temporal: profile.temporal,
        }
    }

    /// The table that prints value-profile targets by name: every record
    /// name plus [`symbol_names`](Profile::symbol_names).
    #[must_use]
    pub fn symbols(&self) -> text::Symbols<'_> {
        text::Symbols::new(
            self.records
                .iter()
                .map(|r| &*r.name)
                .chain(self.symbol_names.iter().map(|n| &**n)),
        )
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_first_bytes() {
        assert_eq!(Format::detect(b"").unwrap(), Format::Empty);
        assert_eq!(
            Format::detect(b"\xfflprofi\x81\x0d\0\0\0\0\0\0\0").unwrap(),
            Format::Indexed
        );
        assert_eq!(
            Format::detect(&0xff6c_7072_6f66_7281u64.to_le_bytes()).unwrap(),
            Format::Raw
        );
        assert_eq!(
            Format::detect(&0xff6c_7072_6f66_7281u64.to_be_bytes()).unwrap(),
            Format::Raw
        );
        assert_eq!(
            Format::detect(&0xff6c_7072_6f66_5281u64.to_le_bytes()).unwrap(),
            Format::Raw
        );
        assert_eq!(Format::detect(b"main\n24\n").unwrap(), Format::Text);
        let err = Format::detect(b"\x7fELF\x02\x01\x01\0").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an llvm profile: unknown magic 0x00010102464c457f (at offset 0x0)"
        );
    }

    #[test]
    fn empty_input_is_an_error_for_parse() {
        let err = Profile::parse(b"").unwrap_err();
        assert_eq!(err.to_string(), "empty raw profile file (at offset 0x0)");
    }

    #[test]
    fn raw_profiles_back_to_back_are_one_view() {
        use covkit_testkit::{Endian, PointerWidth, RawProfile as Raw, raw::concat, variant};
        let a = Raw::new(10, Endian::Big, PointerWidth::U32)
            .variant(variant::IR_PROF)
            .binary_id(&[1; 20])
            .function("main", 1, &[1, 2])
            .build();
        let b = Raw::new(10, Endian::Big, PointerWidth::U32)
            .binary_id(&[2; 20])
            .function("lib", 2, &[3])
            .build();
        let data = concat(&[a, b]);
        let p = Profile::parse(&data).unwrap();
        assert_eq!(p.format, Format::Raw);
        assert_eq!(p.version, Some(10));
        assert!(p.variant.is_ir(), "the first profile's variant");
        assert_eq!(
            p.binary_ids,
            [Cow::Borrowed(&[1u8; 20][..]), Cow::Borrowed(&[2u8; 20][..])]
        );
        let names: Vec<&[u8]> = p.records.iter().map(|r| &*r.name).collect();
        assert_eq!(names, [&b"main"[..], b"lib"]);
    }

    #[test]
    fn indexed_profiles_decode_every_record() {
        use covkit_testkit::IndexedProfile as Indexed;
        let data = Indexed::new(13)
            .binary_id(&[7; 20])
            .function("a", 1, &[1])
            .function("b", 2, &[2, 3])
            .build();
        let p = Profile::parse(&data).unwrap();
        assert_eq!((p.format, p.version), (Format::Indexed, Some(13)));
        assert_eq!(p.binary_ids.len(), 1);
        let mut counts: Vec<Vec<u64>> = p.records.iter().map(|r| r.counts.clone()).collect();
        counts.sort();
        assert_eq!(counts, [vec![1], vec![2, 3]]);
    }

    #[test]
    fn text_profiles_keep_their_flags_and_value_names() {
        let p = Profile::parse(b":fe\nf\n1\n1\n5\n1\n0\n1\n1\ng:2\n").unwrap();
        assert_eq!(p.format, Format::Text);
        assert!(p.front_end);
        assert_eq!(p.records.len(), 1);
        let symbols = p.symbols();
        assert_eq!(symbols.name(crate::names::name_hash(b"g")), Some(&b"g"[..]));
    }
}
