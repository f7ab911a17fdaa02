//! Relocatable object files holding given sections, written with the
//! `object` crate: ELF (32/64-bit, either byte order), Mach-O and COFF
//! (little endian), so coverage-mapping decoders can be tested on synthetic
//! binaries.
//!
//! Section names follow LLVM's per-format spelling
//! (`getInstrProfSectionName`): ELF uses `__llvm_covmap`, `__llvm_covfun`
//! and `__llvm_prf_names`; Mach-O puts the first two in segment
//! `__LLVM_COV` and the names in `__DATA`; COFF objects use `.lcovmap$M`,
//! `.lcovfun$M` and `.lprfn$M`. The machine is a plain one per format,
//! width and byte order (x86-64, i386, PowerPC64, PowerPC).

use crate::bytes::{Endian, PointerWidth};
use crate::covmap::CoverageSections;
use object::write::Object;
use object::{Architecture, BinaryFormat, SectionKind};

/// The container format of an object file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectFormat {
    /// ELF, any width and byte order.
    Elf,
    /// Mach-O, little endian.
    MachO,
    /// COFF, little endian.
    Coff,
}

/// The coverage sections by role, named per format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionRole {
    /// The covmap blocks.
    Covmap,
    /// The function records.
    Covfun,
    /// The names section.
    Names,
}

impl SectionRole {
    /// `(segment, section)` names of this role in `format` (the segment is
    /// empty except for Mach-O).
    #[must_use]
    pub const fn names(self, format: ObjectFormat) -> (&'static str, &'static str) {
        match (format, self) {
            (ObjectFormat::Elf, SectionRole::Covmap) => ("", "__llvm_covmap"),
            (ObjectFormat::Elf, SectionRole::Covfun) => ("", "__llvm_covfun"),
            (ObjectFormat::Elf, SectionRole::Names) => ("", "__llvm_prf_names"),
            (ObjectFormat::MachO, SectionRole::Covmap) => ("__LLVM_COV", "__llvm_covmap"),
            (ObjectFormat::MachO, SectionRole::Covfun) => ("__LLVM_COV", "__llvm_covfun"),
            (ObjectFormat::MachO, SectionRole::Names) => ("__DATA", "__llvm_prf_names"),
            (ObjectFormat::Coff, SectionRole::Covmap) => ("", ".lcovmap$M"),
            (ObjectFormat::Coff, SectionRole::Covfun) => ("", ".lcovfun$M"),
            (ObjectFormat::Coff, SectionRole::Names) => ("", ".lprfn$M"),
        }
    }
}

/// A relocatable object file being built.
///
/// ```
/// use covkit_testkit::object::{ObjectBuilder, ObjectFormat};
/// use covkit_testkit::{Endian, PointerWidth};
///
/// let bytes = ObjectBuilder::new(ObjectFormat::Elf, Endian::Big, PointerWidth::U32)
///     .section("", "__llvm_prf_names", b"\x04\x00main")
///     .build();
/// assert_eq!(&bytes[..4], b"\x7fELF");
/// assert_eq!(bytes[4], 1, "ELFCLASS32");
/// assert_eq!(bytes[5], 2, "ELFDATA2MSB");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectBuilder {
    format: ObjectFormat,
    endian: Endian,
    width: PointerWidth,
    sections: Vec<(String, String, Vec<u8>)>,
}

impl ObjectBuilder {
    /// An object of `format` for a target of `endian` and `width`.
    ///
    /// # Panics
    ///
    /// For big-endian Mach-O or COFF, which LLVM's coverage tools never see.
    #[must_use]
    pub fn new(format: ObjectFormat, endian: Endian, width: PointerWidth) -> ObjectBuilder {
        assert!(
            format == ObjectFormat::Elf || endian == Endian::Little,
            "{format:?} objects are little endian here"
        );
        ObjectBuilder {
            format,
            endian,
            width,
            sections: Vec::new(),
        }
    }

    /// An object holding the three coverage sections under their names for
    /// `format`.
    #[must_use]
    pub fn coverage(
        format: ObjectFormat,
        endian: Endian,
        width: PointerWidth,
        sections: &CoverageSections,
    ) -> ObjectBuilder {
        let mut b = ObjectBuilder::new(format, endian, width);
        for (role, data) in [
            (SectionRole::Covmap, &sections.covmap),
            (SectionRole::Covfun, &sections.covfun),
            (SectionRole::Names, &sections.names),
        ] {
            let (segment, name) = role.names(format);
            b = b.section(segment, name, data);
        }
        b
    }

    /// A little-endian 64-bit ELF object (x86-64) holding `sections`: the
    /// object most tests need.
    #[must_use]
    pub fn elf(sections: &CoverageSections) -> Vec<u8> {
        ObjectBuilder::coverage(
            ObjectFormat::Elf,
            Endian::Little,
            PointerWidth::U64,
            sections,
        )
        .build()
    }

    /// Adds a data section (8-byte aligned) with `data`; `segment` is only
    /// used by Mach-O.
    #[must_use]
    pub fn section(mut self, segment: &str, name: &str, data: &[u8]) -> ObjectBuilder {
        self.sections
            .push((segment.to_owned(), name.to_owned(), data.to_vec()));
        self
    }

    /// The object file's bytes.
    #[must_use]
    pub fn build(&self) -> Vec<u8> {
        let (format, architecture) = match (self.format, self.width, self.endian) {
            (ObjectFormat::Elf, PointerWidth::U64, Endian::Little) => {
                (BinaryFormat::Elf, Architecture::X86_64)
            }
            (ObjectFormat::Elf, PointerWidth::U32, Endian::Little) => {
                (BinaryFormat::Elf, Architecture::I386)
            }
            (ObjectFormat::Elf, PointerWidth::U64, Endian::Big) => {
                (BinaryFormat::Elf, Architecture::PowerPc64)
            }
            (ObjectFormat::Elf, PointerWidth::U32, Endian::Big) => {
                (BinaryFormat::Elf, Architecture::PowerPc)
            }
            (ObjectFormat::MachO, PointerWidth::U64, _) => {
                (BinaryFormat::MachO, Architecture::X86_64)
            }
            (ObjectFormat::MachO, PointerWidth::U32, _) => {
                (BinaryFormat::MachO, Architecture::I386)
            }
            (ObjectFormat::Coff, PointerWidth::U64, _) => {
                (BinaryFormat::Coff, Architecture::X86_64)
            }
            (ObjectFormat::Coff, PointerWidth::U32, _) => (BinaryFormat::Coff, Architecture::I386),
        };
        let endian = match self.endian {
            Endian::Little => object::Endianness::Little,
            Endian::Big => object::Endianness::Big,
        };
        let mut obj = Object::new(format, architecture, endian);
        for (segment, name, data) in &self.sections {
            let id = obj.add_section(
                segment.as_bytes().to_vec(),
                name.as_bytes().to_vec(),
                SectionKind::ReadOnlyData,
            );
            obj.set_section_data(id, data.clone(), 8);
        }
        // Every (format, architecture) pair above is one `object` writes.
        obj.write().expect("object crate writes this format")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object::{Object as _, ObjectSection as _};

    #[test]
    fn sections_round_trip_in_every_format() {
        let sections = CoverageSections {
            covmap: vec![1; 24],
            covfun: vec![2; 40],
            names: b"\x04\x00main".to_vec(),
        };
        let mut cases = Vec::new();
        for endian in Endian::ALL {
            for width in PointerWidth::ALL {
                cases.push((ObjectFormat::Elf, endian, width));
            }
        }
        for width in PointerWidth::ALL {
            cases.push((ObjectFormat::MachO, Endian::Little, width));
            cases.push((ObjectFormat::Coff, Endian::Little, width));
        }
        for (format, endian, width) in cases {
            let bytes = ObjectBuilder::coverage(format, endian, width, &sections).build();
            let file = object::File::parse(bytes.as_slice()).expect("parses");
            let arch = file.architecture();
            assert_eq!(
                arch.address_size().map(|a| a.bytes()),
                Some(width.bytes() as u8),
                "{format:?} {arch:?}"
            );
            assert_eq!(
                file.is_little_endian(),
                endian == Endian::Little,
                "{format:?}"
            );
            for (role, data) in [
                (SectionRole::Covmap, &sections.covmap),
                (SectionRole::Covfun, &sections.covfun),
                (SectionRole::Names, &sections.names),
            ] {
                let (_, name) = role.names(format);
                let section = file
                    .section_by_name(name)
                    .unwrap_or_else(|| panic!("{format:?} {width:?} has {name}"));
                assert_eq!(section.data().expect("data"), data.as_slice());
            }
        }
    }
}
