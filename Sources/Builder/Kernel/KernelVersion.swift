/// Kernel release strings (uname -r) compared the way people read them: runs of digits as
/// numbers, the rest as text, so 2.6.9-55.ELxenU is newer than 2.6.9-42.0.3.ELxenU and
/// 2.6.10 newer than 2.6.9.
enum KernelVersion {
    enum Piece: Equatable {
        case number(UInt64)
        case text(String)
    }

    static func pieces(_ version: String) -> [Piece] {
        var out: [Piece] = []
        var run = ""
        var digits = false
        func flush() {
            guard !run.isEmpty else { return }
            // A run too long for UInt64 compares as text: still deterministic.
            out.append(digits ? (UInt64(run).map(Piece.number) ?? .text(run)) : .text(run))
            run = ""
        }
        for c in version {
            let isDigit = c.isASCII && c.isNumber
            if isDigit != digits { flush() }
            digits = isDigit
            if isDigit || !(c == "." || c == "-" || c == "_") {
                run.append(c)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// True when `a` is older than `b`. A number is newer than text at the same place
    /// (2.6.9-55 > 2.6.9-rc); a version that is a prefix of the other is the older one.
    static func isOlder(_ a: String, than b: String) -> Bool {
        let pa = pieces(a)
        let pb = pieces(b)
        for (x, y) in zip(pa, pb) where x != y {
            switch (x, y) {
            case (.number(let m), .number(let n)): return m < n
            case (.text(let s), .text(let t)): return s < t
            case (.text, .number): return true
            case (.number, .text): return false
            }
        }
        if pa.count != pb.count { return pa.count < pb.count }
        return a < b
    }

    /// (major, minor, patch) of "2.6.9-55.ELxenU" → (2, 6, 9).
    static func triple(_ version: String) -> (Int, Int, Int)? {
        let head = version.prefix { $0.isNumber || $0 == "." }
        let parts = head.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        return (parts[0], parts[1], parts.count > 2 ? parts[2] : 0)
    }
}
