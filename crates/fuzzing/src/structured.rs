//! Structure-aware inputs: a list of functions (names, counters, bitmaps,
//! mapping regions of every kind) chosen by [`arbitrary`], built into an
//! object file and a profile with the testkit builders, then a few bytes of
//! the coverage sections or of the profile's payload changed. Headers stay
//! valid, so the decoders get past them to the records, the mapping, the
//! model and the exporters, which random bytes rarely reach.

use arbitrary::{Arbitrary, Unstructured};
use covkit_testkit::covmap::{
    COVMAP_VERSION_4, CoverageData, CoverageSections, Expression, FunctionMapping, Region,
    RegionKind, Unit,
};
use covkit_testkit::names::Compression;
use covkit_testkit::object::{ObjectBuilder, ObjectFormat};
use covkit_testkit::{Endian, IndexedProfile, PointerWidth, RawProfile, TextProfile};

/// At most this many functions, regions per function, expressions,
/// counters, bitmap bytes and mutations: enough for every interaction,
/// small enough to keep each run quick.
const MAX_ITEMS: usize = 12;

/// Function names: C, C++ and Rust spellings, file-local prefixes, and
/// names that look mangled but are not.
const NAMES: &[&str] = &[
    "main",
    "main.c:helper",
    "lib_fn",
    "_Z4pickIiET_S0_S0_b",
    "_ZN4RingI5MoneyLi2EE4pushES0_",
    "main.cpp:_ZZ4mainENK3$_1clEi",
    "_RNvCs46rjm0djn8i_11rs_generics4main",
    "_ZN3leg4main17h431daf93ff7d2481E",
    "_Z1fAnanananana_iE",
    "",
];

/// One input of the `structured` target.
#[derive(Debug, Arbitrary)]
pub struct Structured {
    container: Container,
    /// The stored covmap version is 3 + this modulo 4 (Version4 to 7).
    covmap_version: u8,
    compress_names: bool,
    compress_filenames: bool,
    profile: ProfileKind,
    functions: Vec<Function>,
    mutations: Vec<Mutation>,
    demangle: bool,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Container {
    Elf64Le,
    Elf64Be,
    Elf32Le,
    Elf32Be,
    MachO,
    Coff,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum ProfileKind {
    /// Raw, version chosen from the raw versions, in the given byte order
    /// and pointer width.
    Raw {
        version: u8,
        big_endian: bool,
        wide: bool,
    },
    /// Indexed, version 5 + this modulo 9.
    Indexed {
        version: u8,
    },
    Text,
}

#[derive(Debug, Arbitrary)]
struct Function {
    /// An index into [`NAMES`], or past it a name `f<n>`.
    name: u8,
    hash: u8,
    /// Filenames of the function's unit: 1 + this modulo 3 after the
    /// compilation directory.
    files: u8,
    counters: Vec<u16>,
    bitmap: Vec<u8>,
    expressions: Vec<(CounterChoice, CounterChoice)>,
    regions: Vec<RegionChoice>,
    /// Whether the profile leaves the function out.
    unprofiled: bool,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum CounterChoice {
    Zero,
    Counter(u8),
    Sub(u8),
    Add(u8),
}

impl CounterChoice {
    fn counter(self) -> covkit_testkit::covmap::Counter {
        use covkit_testkit::covmap::Counter;
        match self {
            CounterChoice::Zero => Counter::Zero,
            CounterChoice::Counter(id) => Counter::Counter(u32::from(id % 16)),
            CounterChoice::Sub(id) => Counter::Sub(u32::from(id % 16)),
            CounterChoice::Add(id) => Counter::Add(u32::from(id % 16)),
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum KindChoice {
    Code(CounterChoice),
    Gap(CounterChoice),
    Skipped,
    Expansion(u8),
    Branch(CounterChoice, CounterChoice),
    Decision {
        bitmap_idx: u8,
        conditions: u8,
    },
    McdcBranch {
        true_count: CounterChoice,
        false_count: CounterChoice,
        id: u8,
        true_id: u8,
        false_id: u8,
    },
    Unknown(u8),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
struct RegionChoice {
    file: u8,
    kind: KindChoice,
    line: u8,
    column: u8,
    lines: u8,
    end_column: u8,
}

/// Where a mutation lands.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Place {
    Covmap,
    Covfun,
    Names,
    /// The profile, after its header.
    Profile,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
struct Mutation {
    place: Place,
    at: u16,
    /// XORed into the byte (0 leaves it).
    xor: u8,
}

impl RegionChoice {
    fn region(self, file_ids: u32) -> Region {
        let kind = match self.kind {
            KindChoice::Code(c) => RegionKind::Code(c.counter()),
            KindChoice::Gap(c) => RegionKind::Gap(c.counter()),
            KindChoice::Skipped => RegionKind::Skipped,
            KindChoice::Expansion(f) => RegionKind::Expansion {
                expanded_file_id: u32::from(f % 4),
            },
            KindChoice::Branch(t, f) => RegionKind::Branch {
                true_count: t.counter(),
                false_count: f.counter(),
            },
            KindChoice::Decision {
                bitmap_idx,
                conditions,
            } => RegionKind::McdcDecision {
                bitmap_idx: u32::from(bitmap_idx),
                num_conditions: u32::from(conditions % 8),
            },
            KindChoice::McdcBranch {
                true_count,
                false_count,
                id,
                true_id,
                false_id,
            } => RegionKind::McdcBranch {
                true_count: true_count.counter(),
                false_count: false_count.counter(),
                id: u32::from(id % 8),
                true_id: u32::from(true_id % 8),
                false_id: u32::from(false_id % 8),
            },
            KindChoice::Unknown(k) => RegionKind::Unknown(u32::from(k % 16)),
        };
        let line = u32::from(self.line) + 1;
        let column = u32::from(self.column) + 1;
        Region {
            file_id: u32::from(self.file) % file_ids.max(1),
            kind,
            start: (line, column),
            end: (
                line + u32::from(self.lines % 8),
                u32::from(self.end_column) + 1,
            ),
        }
    }
}

impl Function {
    fn name(&self) -> String {
        NAMES
            .get(usize::from(self.name))
            .map_or_else(|| format!("f{}", self.name), |&n| n.to_owned())
    }

    fn counts(&self) -> Vec<u64> {
        let mut counts: Vec<u64> = self
            .counters
            .iter()
            .take(MAX_ITEMS)
            .map(|&c| u64::from(c))
            .collect();
        if counts.is_empty() {
            counts.push(1);
        }
        counts
    }

    fn mapping(&self) -> FunctionMapping {
        let files = 1 + u32::from(self.files % 3);
        let file_ids: Vec<u32> = (1..=files).collect();
        let mut m = FunctionMapping::new(&file_ids);
        for &(lhs, rhs) in self.expressions.iter().take(MAX_ITEMS) {
            m = m.expression(Expression::new(lhs.counter(), rhs.counter()));
        }
        for r in self.regions.iter().take(MAX_ITEMS) {
            m = m.region(r.region(files));
        }
        m.sorted()
    }
}

impl Structured {
    fn functions(&self) -> impl Iterator<Item = &Function> {
        self.functions.iter().take(MAX_ITEMS)
    }

    fn endian_width(&self) -> (ObjectFormat, Endian, PointerWidth) {
        match self.container {
            Container::Elf64Le => (ObjectFormat::Elf, Endian::Little, PointerWidth::U64),
            Container::Elf64Be => (ObjectFormat::Elf, Endian::Big, PointerWidth::U64),
            Container::Elf32Le => (ObjectFormat::Elf, Endian::Little, PointerWidth::U32),
            Container::Elf32Be => (ObjectFormat::Elf, Endian::Big, PointerWidth::U32),
            Container::MachO => (ObjectFormat::MachO, Endian::Little, PointerWidth::U64),
            Container::Coff => (ObjectFormat::Coff, Endian::Little, PointerWidth::U64),
        }
    }

    /// The coverage sections, before mutation.
    fn sections(&self, endian: Endian) -> CoverageSections {
        let compression = |on: bool| {
            if on {
                Compression::Zlib
            } else {
                Compression::None
            }
        };
        let version = COVMAP_VERSION_4 + u32::from(self.covmap_version % 4);
        let mut data = CoverageData::new(endian)
            .version(version)
            .names_compression(compression(self.compress_names));
        // One unit per distinct filename count.
        for files in 0..3u8 {
            let mut names = vec!["/fuzz".to_owned()];
            names.extend((0..=files).map(|i| format!("f{i}.c")));
            let mut unit =
                Unit::new(&names).filenames_compression(compression(self.compress_filenames));
            let mut any = false;
            for f in self.functions().filter(|f| f.files % 3 == files) {
                unit = unit.function(&f.name(), u64::from(f.hash), f.mapping());
                any = true;
            }
            if any {
                data = data.unit(unit);
            }
        }
        data.build()
    }

    /// The profile and the size of its header (which mutations spare).
    fn profile(&self) -> (Vec<u8>, usize) {
        let profiled = || self.functions().filter(|f| !f.unprofiled);
        match self.profile {
            ProfileKind::Raw {
                version,
                big_endian,
                wide,
            } => {
                let versions = covkit_testkit::raw::RAW_VERSIONS;
                let version = versions[usize::from(version) % versions.len()];
                let endian = if big_endian {
                    Endian::Big
                } else {
                    Endian::Little
                };
                let width = if wide {
                    PointerWidth::U64
                } else {
                    PointerWidth::U32
                };
                let mut p = RawProfile::new(version, endian, width);
                for f in profiled() {
                    p = p.function(&f.name(), u64::from(f.hash), &f.counts());
                    if version >= 9 && !f.bitmap.is_empty() {
                        p = p.bitmap(&f.bitmap[..f.bitmap.len().min(MAX_ITEMS)]);
                    }
                }
                let (bytes, layout) = p.build_with_layout();
                (bytes, layout.header_size)
            }
            ProfileKind::Indexed { version } => {
                let version = 5 + u32::from(version % 9);
                let mut p = IndexedProfile::new(version);
                for f in profiled() {
                    p = p.function(&f.name(), u64::from(f.hash), &f.counts());
                    if version >= 11 && !f.bitmap.is_empty() {
                        p = p.bitmap(&f.bitmap[..f.bitmap.len().min(MAX_ITEMS)]);
                    }
                }
                (p.build(), covkit_testkit::indexed::header_size(version))
            }
            ProfileKind::Text => {
                let mut p = TextProfile::new();
                for f in profiled() {
                    p = p.function(&f.name(), u64::from(f.hash), &f.counts());
                    if !f.bitmap.is_empty() {
                        p = p.bitmap(&f.bitmap[..f.bitmap.len().min(MAX_ITEMS)]);
                    }
                }
                (p.build().into_bytes(), 0)
            }
        }
    }

    /// The object file and the profile this input describes, mutated.
    #[must_use]
    pub fn build(&self) -> (Vec<u8>, Vec<u8>) {
        let (format, endian, width) = self.endian_width();
        let mut sections = self.sections(endian);
        let (mut profile, header) = self.profile();
        for m in self.mutations.iter().take(MAX_ITEMS) {
            let (bytes, spared) = match m.place {
                Place::Covmap => (&mut sections.covmap, 0),
                Place::Covfun => (&mut sections.covfun, 0),
                Place::Names => (&mut sections.names, 0),
                Place::Profile => (&mut profile, header),
            };
            let room = bytes.len().saturating_sub(spared);
            if room > 0 {
                let at = spared + usize::from(m.at) % room;
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= m.xor;
                }
            }
        }
        let object = ObjectBuilder::coverage(format, endian, width, &sections).build();
        (object, profile)
    }
}

/// The `structured` target: builds the object and the profile, then runs
/// them through the object and profile decoders and end to end.
pub fn structured(input: &Structured) {
    let (object, profile) = input.build();
    crate::object(&object);
    crate::raw_profile(&profile);
    crate::indexed_profile(&profile);
    crate::text_profile(&profile);
    crate::run_end_to_end(&object, &profile, input.demangle);
}

/// [`structured`] from raw bytes, as libFuzzer gives them.
pub fn structured_bytes(data: &[u8]) {
    if let Ok(input) = Structured::arbitrary_take_rest(Unstructured::new(data)) {
        structured(&input);
    }
}
