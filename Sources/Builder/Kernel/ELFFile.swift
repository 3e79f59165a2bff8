/// The parts of an ELF file builder reads (System V gABI, "ELF Header", "Program Header",
/// "Sections"): class, type, machine, program headers and section headers with their names.
/// Little-endian files only: the x86 kernels and modules Xen guests use.
struct ELFFile {
    enum Class: String, Sendable, Equatable {
        case elf32 = "ELF32"
        case elf64 = "ELF64"
    }

    struct ProgramHeader: Equatable {
        var type: UInt32
        /// p_flags: PF_X 1, PF_W 2, PF_R 4.
        var flags: UInt32 = 0
        var offset: UInt64
        /// p_paddr: where Xen's loader places the segment (less the kernel's paddr offset).
        var physicalAddress: UInt64 = 0
        var fileSize: UInt64
        /// p_memsz: the segment's size in memory (its .bss included).
        var memorySize: UInt64 = 0
    }

    struct Section: Equatable {
        var name: String
        var type: UInt32
        var offset: UInt64
        var size: UInt64
        var link: UInt32
        var entrySize: UInt64
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case notELF
        case unsupported(String)
        case malformed(String)

        var description: String {
            switch self {
            case .notELF: return "no ELF header (\\x7fELF)"
            case .unsupported(let what): return "unsupported ELF file: \(what)"
            case .malformed(let what): return "malformed ELF file: \(what)"
            }
        }
    }

    static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]

    // e_type values
    static let typeRelocatable: UInt16 = 1
    static let typeExecutable: UInt16 = 2
    // e_machine values
    static let machine386: UInt16 = 3
    static let machineX86_64: UInt16 = 62
    // p_type and sh_type values
    static let programLoad: UInt32 = 1
    static let programNote: UInt32 = 4
    static let sectionSymbolTable: UInt32 = 2
    static let sectionNote: UInt32 = 7

    let reader: ByteReader
    let elfClass: Class
    let type: UInt16
    let machine: UInt16
    let programHeaders: [ProgramHeader]
    let sections: [Section]

    var bytes: [UInt8] { reader.bytes }

    static func isELF(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    init(_ bytes: [UInt8]) throws {
        let r = ByteReader(bytes)
        reader = r
        guard ELFFile.isELF(bytes), let cls = r.u8(4), let data = r.u8(5) else { throw Failure.notELF }
        switch cls {
        case 1: elfClass = .elf32
        case 2: elfClass = .elf64
        default: throw Failure.unsupported("EI_CLASS \(cls)")
        }
        guard data == 1 else { throw Failure.unsupported("big-endian (EI_DATA \(data)); x86 kernels are little-endian") }
        let is64 = elfClass == .elf64
        guard let type = r.u16(16), let machine = r.u16(18) else { throw Failure.malformed("header truncated") }
        self.type = type
        self.machine = machine

        // e_phoff, e_shoff, then the sizes and counts (gABI "ELF Header"; offsets differ by class).
        let phoff: UInt64?
        let shoff: UInt64?
        let tail: Int
        if is64 {
            phoff = r.u64(32)
            shoff = r.u64(40)
            tail = 52
        } else {
            phoff = r.u32(28).map(UInt64.init)
            shoff = r.u32(32).map(UInt64.init)
            tail = 40
        }
        guard let phoff, let shoff, let phentsize = r.u16(tail + 2), let phnum = r.u16(tail + 4),
            let shentsize = r.u16(tail + 6), let shnum = r.u16(tail + 8), let shstrndx = r.u16(tail + 10)
        else { throw Failure.malformed("header truncated") }

        programHeaders = try ELFFile.programHeaders(r, is64: is64, offset: phoff, size: phentsize, count: phnum)
        sections = try ELFFile.sections(
            r, is64: is64, offset: shoff, size: shentsize, count: shnum, namesIndex: Int(shstrndx))
    }

    private static func programHeaders(
        _ r: ByteReader, is64: Bool, offset: UInt64, size: UInt16, count: UInt16
    ) throws -> [ProgramHeader] {
        guard count > 0 else { return [] }
        let want: UInt16 = is64 ? 56 : 32
        guard size >= want, r.contains(offset, UInt64(size) * UInt64(count)) else {
            throw Failure.malformed("program header table outside the file")
        }
        return (0..<Int(count)).compactMap { i in
            let o = Int(offset) + i * Int(size)
            // Elf64_Phdr: type 0, flags 4, offset 8, vaddr 16, paddr 24, filesz 32, memsz 40.
            // Elf32_Phdr: type 0, offset 4, vaddr 8, paddr 12, filesz 16, memsz 20, flags 24.
            guard let type = r.u32(o) else { return nil }
            let field: (Int, Int) -> UInt64? = { at64, at32 in is64 ? r.u64(o + at64) : r.u32(o + at32).map(UInt64.init) }
            let flags = r.u32(is64 ? o + 4 : o + 24)
            guard let flags, let off = field(8, 4), let paddr = field(24, 12), let filesz = field(32, 16),
                let memsz = field(40, 20)
            else { return nil }
            return ProgramHeader(
                type: type, flags: flags, offset: off, physicalAddress: paddr, fileSize: filesz, memorySize: memsz)
        }
    }

    private static func sections(
        _ r: ByteReader, is64: Bool, offset: UInt64, size: UInt16, count: UInt16, namesIndex: Int
    ) throws -> [Section] {
        guard count > 0, offset > 0 else { return [] }
        let want: UInt16 = is64 ? 64 : 40
        guard size >= want, r.contains(offset, UInt64(size) * UInt64(count)) else {
            throw Failure.malformed("section header table outside the file")
        }
        var raw: [(nameOffset: UInt32, section: Section)] = []
        for i in 0..<Int(count) {
            let o = Int(offset) + i * Int(size)
            let s: Section?
            if is64 {
                s = r.u32(o + 4).flatMap { type in
                    guard let off = r.u64(o + 24), let sz = r.u64(o + 32), let link = r.u32(o + 40),
                        let es = r.u64(o + 56)
                    else { return nil }
                    return Section(name: "", type: type, offset: off, size: sz, link: link, entrySize: es)
                }
            } else {
                s = r.u32(o + 4).flatMap { type in
                    guard let off = r.u32(o + 16), let sz = r.u32(o + 20), let link = r.u32(o + 24),
                        let es = r.u32(o + 36)
                    else { return nil }
                    return Section(
                        name: "", type: type, offset: UInt64(off), size: UInt64(sz), link: link, entrySize: UInt64(es))
                }
            }
            guard let s, let nameOffset = r.u32(o) else { throw Failure.malformed("section header \(i) truncated") }
            raw.append((nameOffset, s))
        }
        // Names live in the section-name string table (e_shstrndx); a file without one has no names.
        let names: ArraySlice<UInt8>? =
            namesIndex > 0 && namesIndex < raw.count
            ? r.slice(raw[namesIndex].section.offset, raw[namesIndex].section.size) : nil
        return raw.map { entry in
            var s = entry.section
            if let names, Int(entry.nameOffset) < names.count {
                s.name = names.dropFirst(Int(entry.nameOffset)).nulTerminatedText
            }
            return s
        }
    }

    /// The bytes of `section` (empty for SHT_NOBITS sections and ones that run past the end).
    func data(of section: Section) -> ArraySlice<UInt8> {
        guard section.type != 8 else { return [] }  // SHT_NOBITS: no bytes in the file
        return reader.slice(section.offset, section.size) ?? []
    }

    func section(named name: String) -> Section? { sections.first { $0.name == name } }

    /// "Intel 80386", "x86-64", or the number.
    var machineName: String { ELFFile.machineName(machine) }

    static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case machine386: return "Intel 80386"
        case machineX86_64: return "x86-64"
        case 40: return "ARM"
        case 183: return "AArch64"
        default: return "machine \(machine)"
        }
    }
}
