/// One ELF note (gABI "Note Section"): an owner name, a type and a descriptor.
struct ELFNote: Equatable {
    var name: String
    var type: UInt32
    var descriptor: [UInt8]
}

extension ELFFile {
    /// The notes of a note segment or section: each is namesz, descsz, type (4 bytes each), then
    /// the name and the descriptor, each padded to 4 bytes (the alignment Linux's and Xen's notes
    /// use in ELF32 and ELF64 files alike; Xen's libelf reads them the same way). A truncated last
    /// note ends the list.
    static func notes(in data: ArraySlice<UInt8>) -> [ELFNote] {
        let r = ByteReader(Array(data))
        var notes: [ELFNote] = []
        var o = 0
        while let namesz = r.u32(o), let descsz = r.u32(o + 4), let type = r.u32(o + 8) {
            let nameStart = UInt64(o) + 12
            let descStart = nameStart + padded(UInt64(namesz))
            let next = descStart + padded(UInt64(descsz))
            guard let name = r.slice(nameStart, UInt64(namesz)), let desc = r.slice(descStart, UInt64(descsz)) else {
                break
            }
            notes.append(ELFNote(name: name.nulTerminatedText, type: type, descriptor: Array(desc)))
            guard next <= UInt64(r.count) else { break }
            o = Int(next)
        }
        return notes
    }

    private static func padded(_ n: UInt64) -> UInt64 { (n + 3) & ~3 }

    /// The notes of every PT_NOTE program header (those at file offset 0 are skipped, as Xen's
    /// libelf does: they cannot be real notes).
    var segmentNotes: [ELFNote] {
        programHeaders.filter { $0.type == ELFFile.programNote && $0.offset != 0 }.flatMap { ph in
            ELFFile.notes(in: reader.slice(ph.offset, ph.fileSize) ?? [])
        }
    }

    /// The notes of every SHT_NOTE section.
    var sectionNotes: [ELFNote] {
        sections.filter { $0.type == ELFFile.sectionNote }.flatMap { ELFFile.notes(in: data(of: $0)) }
    }
}
