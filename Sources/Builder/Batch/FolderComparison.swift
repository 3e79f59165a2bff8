/// Byte-for-byte comparison of two guest folders (`--verify-reproducible`).
enum FolderComparison {
    /// What differs between folder `a` and folder `b`, one line per file; empty when they are the
    /// same. Guest folders are flat: every entry is a file.
    static func differences(_ a: String, _ b: String) throws -> [String] {
        let namesA = try HostPaths.directoryNames(a).sorted()
        let namesB = try HostPaths.directoryNames(b).sorted()
        var lines: [String] = []
        for name in Set(namesA).symmetricDifference(namesB).sorted() {
            lines.append("\(name): made by one bake only")
        }
        for name in namesA where namesB.contains(name) {
            if let offset = try firstDifference(a + "/" + name, b + "/" + name) {
                lines.append("\(name): differs from byte \(offset) on")
            }
        }
        return lines
    }

    /// The offset of the first byte that differs (a shorter file differs at its end), or nil.
    static func firstDifference(_ a: String, _ b: String) throws -> UInt64? {
        let fa = try HostFile.openForReading(a)
        defer { try? fa.close() }
        let fb = try HostFile.openForReading(b)
        defer { try? fb.close() }
        let (sizeA, sizeB) = (try fa.size(), try fb.size())
        let chunk = 1 << 20
        var offset: UInt64 = 0
        while offset < min(sizeA, sizeB) {
            let x = try fa.read(count: chunk, at: offset)
            let y = try fb.read(count: chunk, at: offset)
            if x != y {
                let i = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
                return offset + UInt64(i)
            }
            if x.isEmpty { break }
            offset += UInt64(x.count)
        }
        return sizeA == sizeB ? nil : min(sizeA, sizeB)
    }
}
