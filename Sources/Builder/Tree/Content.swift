/// The bytes of a regular file, by reference: builder never copies a guest file onto the host
/// filesystem under the guest's name.
public struct Content: Hashable, Sendable {
    /// Where the bytes are read from.
    public enum Source: Hashable, Sendable {
        /// Bytes held in memory (small files builder writes itself: fstab, menu.lst, ...).
        case bytes([UInt8])
        /// A span of a host file: `offset` in that file is byte 0 of the guest file.
        case hostFile(path: String, offset: UInt64)
    }

    public var source: Source
    /// The file's size in bytes (st_size), holes included.
    public var size: UInt64
    /// The byte ranges that hold data, sorted, disjoint, within `0..<size`. Everything else is a
    /// hole, never allocated. `nil` means the whole file is data.
    public var dataRanges: [Range<UInt64>]?

    public init(source: Source, size: UInt64, dataRanges: [Range<UInt64>]? = nil) {
        self.source = source
        self.size = size
        self.dataRanges = dataRanges
    }

    public static func bytes(_ b: [UInt8]) -> Content {
        Content(source: .bytes(b), size: UInt64(b.count))
    }

    public static func string(_ s: String) -> Content { .bytes(Array(s.utf8)) }

    /// The data ranges, with `nil` expanded to the whole file (empty for an empty file).
    public var effectiveDataRanges: [Range<UInt64>] {
        if let r = dataRanges { return r }
        return size == 0 ? [] : [0..<size]
    }
}
