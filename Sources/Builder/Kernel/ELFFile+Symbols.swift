/// One entry of an ELF symbol table (gABI "Symbol Table").
struct ELFSymbol: Equatable {
    var name: String
    /// st_shndx: 0 (SHN_UNDEF) for a symbol the file uses but does not define.
    var sectionIndex: UInt16
    /// The low 4 bits of st_info (STT_*).
    var type: UInt8

    var isUndefined: Bool { sectionIndex == 0 }
    /// STT_SECTION and STT_FILE entries name sections and source files, not symbols.
    var isSectionOrFile: Bool { type == 3 || type == 4 }
}

extension ELFFile {
    /// The entries of every SHT_SYMTAB section, named through the string table its sh_link names.
    /// Entry 0 (the null symbol) and entries outside the file are left out.
    var symbols: [ELFSymbol] {
        let entrySize: UInt64 = elfClass == .elf64 ? 24 : 16
        var out: [ELFSymbol] = []
        for table in sections where table.type == ELFFile.sectionSymbolTable {
            guard Int(table.link) < sections.count else { continue }
            let strings = data(of: sections[Int(table.link)])
            let step = max(table.entrySize, entrySize)
            var o = table.offset + step
            while o + entrySize <= table.offset + table.size, reader.contains(o, entrySize) {
                let at = Int(o)
                // Elf32_Sym: name, value, size, info, other, shndx; Elf64_Sym: name, info, other, shndx, value, size.
                let nameOffset = reader.u32(at) ?? 0
                let info = reader.u8(elfClass == .elf64 ? at + 4 : at + 12) ?? 0
                let shndx = reader.u16(elfClass == .elf64 ? at + 6 : at + 14) ?? 0
                let name = Int(nameOffset) < strings.count ? strings.dropFirst(Int(nameOffset)).nulTerminatedText : ""
                out.append(ELFSymbol(name: name, sectionIndex: shndx, type: info & 0xF))
                o += step
            }
        }
        return out
    }
}
