/// Bounds-checked little-endian reads from a file held in memory: a kernel or module file is
/// input builder did not make, so every offset in it is checked before use.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// True when `count` bytes from `offset` lie inside the file.
    func contains(_ offset: Int, _ count: Int) -> Bool {
        offset >= 0 && count >= 0 && offset <= bytes.count && count <= bytes.count - offset
    }

    func contains(_ offset: UInt64, _ count: UInt64) -> Bool {
        offset <= UInt64(bytes.count) && count <= UInt64(bytes.count) - offset
    }

    func u8(_ o: Int) -> UInt8? { contains(o, 1) ? bytes[o] : nil }

    func u16(_ o: Int) -> UInt16? {
        guard contains(o, 2) else { return nil }
        return UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8
    }

    func u32(_ o: Int) -> UInt32? {
        guard contains(o, 4) else { return nil }
        var v: UInt32 = 0
        for i in (0..<4).reversed() { v = v << 8 | UInt32(bytes[o + i]) }
        return v
    }

    func u64(_ o: Int) -> UInt64? {
        guard contains(o, 8) else { return nil }
        var v: UInt64 = 0
        for i in (0..<8).reversed() { v = v << 8 | UInt64(bytes[o + i]) }
        return v
    }

    /// `count` bytes at `offset`, or nil when they run past the end.
    func slice(_ offset: UInt64, _ count: UInt64) -> ArraySlice<UInt8>? {
        guard contains(offset, count) else { return nil }
        return bytes[Int(offset)..<Int(offset + count)]
    }

    /// The NUL-terminated string at `offset` (to the end when there is no NUL), or nil when
    /// `offset` is outside the file.
    func cString(at offset: Int) -> [UInt8]? {
        guard offset >= 0, offset < bytes.count else { return nil }
        let end = bytes[offset...].firstIndex(of: 0) ?? bytes.count
        return Array(bytes[offset..<end])
    }
}

extension Collection where Element == UInt8 {
    /// The bytes up to the first NUL, as text (invalid UTF-8 replaced).
    var nulTerminatedText: String {
        String(decoding: prefix { $0 != 0 }, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Where `needle` first occurs at or after `start`. A plain loop on the concrete type: kernels
    /// are tens of MiB, and this stays fast in debug builds, where generic code is not specialised.
    func find(_ needle: [UInt8], from start: Int = 0) -> Range<Int>? {
        let n = needle.count
        guard n > 0, count >= n else { return nil }
        let first = needle[0]
        var i = Swift.max(start, 0)
        let last = count - n
        while i <= last {
            if self[i] == first {
                var j = 1
                while j < n && self[i + j] == needle[j] { j += 1 }
                if j == n { return i..<(i + n) }
            }
            i += 1
        }
        return nil
    }
}
