/// A short unified diff of two text files, for `builder check`'s plan: what each step would change.
/// Files are small (fstab, inittab): a plain longest-common-subsequence table is enough.
public enum LineDiff {
    /// Lines like `- old` / `+ new`, with `context` unchanged lines around each change and `@@`
    /// between distant changes. Binary content is summarised instead.
    public static func render(before: [UInt8]?, after: [UInt8]?, context: Int = 1) -> [String] {
        if let b = before, let a = after, isBinary(b) || isBinary(a) {
            return ["  (binary: \(b.count) → \(a.count) bytes)"]
        }
        if let a = after, isBinary(a) { return ["  (binary, \(a.count) bytes)"] }
        if let b = before, isBinary(b) { return ["  (binary, \(b.count) bytes)"] }
        let old = lines(before)
        let new = lines(after)
        let ops = diff(old, new)
        var out: [String] = []
        var lastShown = -1
        let changed = ops.indices.filter { if case .same = ops[$0].kind { return false } else { return true } }
        var show = Set<Int>()
        for i in changed {
            for j in max(0, i - context)...min(ops.count - 1, i + context) { show.insert(j) }
        }
        for i in show.sorted() {
            if lastShown >= 0 && i > lastShown + 1 { out.append("  @@") }
            lastShown = i
            switch ops[i].kind {
            case .same: out.append("    " + ops[i].text)
            case .removed: out.append("  - " + ops[i].text)
            case .added: out.append("  + " + ops[i].text)
            }
        }
        return out
    }

    struct Op: Equatable {
        enum Kind: Equatable { case same, removed, added }
        var kind: Kind
        var text: String
    }

    static func diff(_ a: [String], _ b: [String]) -> [Op] {
        let n = a.count
        let m = b.count
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ops: [Op] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                ops.append(Op(kind: .same, text: a[i]))
                i += 1
                j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                // Removals before additions, as diff -u shows a replaced line.
                ops.append(Op(kind: .removed, text: a[i]))
                i += 1
            } else {
                ops.append(Op(kind: .added, text: b[j]))
                j += 1
            }
        }
        return ops
    }

    static func lines(_ bytes: [UInt8]?) -> [String] {
        guard let bytes, !bytes.isEmpty else { return [] }
        var parts = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") { parts.removeLast() }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.prefix(8192).contains(0) }
}
