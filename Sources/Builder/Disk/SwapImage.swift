/// A Linux swap area, version 1 ("SWAPSPACE2"), as mkswap writes it: one header page, the rest
/// left as a hole (the kernel never reads swap it has not written).
///
/// Layout of the first page (Linux `union swap_header`, include/linux/swap.h):
///   0    bootbits[1024]   left zero (room for a boot sector or partition table)
///   1024 version          u32, 1
///   1028 last_page        u32, the index of the last usable page (pages - 1)
///   1032 nr_badpages      u32, 0
///   1036 sws_uuid[16]
///   1052 sws_volume[16]   the label, NUL padded
///   PAGE_SIZE - 10        magic "SWAPSPACE2"
/// The integers are in the guest's byte order: little-endian for the x86 guests builder makes.
public enum SwapImage {
    /// x86's page size; the header's magic sits at its end.
    public static let pageSize = 4096

    static let versionOffset = 1024
    static let lastPageOffset = 1028
    static let badPagesOffset = 1032
    static let uuidOffset = 1036
    static let labelOffset = 1052
    static let magic = Array("SWAPSPACE2".utf8)

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case badSize(UInt64)
        case badLabel(String)
        case badUUID(Int)

        public var description: String {
            switch self {
            case .badSize(let s):
                return "a swap image of \(s) bytes is not a whole number of \(pageSize)-byte pages, or has fewer than 10 pages"
            case .badLabel(let l):
                return "the swap label \"\(l)\" is longer than 16 bytes"
            case .badUUID(let n):
                return "a swap UUID has 16 bytes, not \(n)"
            }
        }
    }

    /// The header page for a swap area of `size` bytes.
    public static func header(size: UInt64, uuid: [UInt8], label: String) throws(Error) -> [UInt8] {
        let pages = size / UInt64(pageSize)
        // mkswap refuses fewer than 10 pages; last_page is a u32.
        guard size % UInt64(pageSize) == 0, pages >= 10, pages - 1 <= UInt64(UInt32.max) else { throw .badSize(size) }
        let labelBytes = Array(label.utf8)
        guard labelBytes.count <= 16 else { throw .badLabel(label) }
        guard uuid.count == 16 else { throw .badUUID(uuid.count) }
        var page = [UInt8](repeating: 0, count: pageSize)
        put32(1, at: versionOffset, in: &page)
        put32(UInt32(pages - 1), at: lastPageOffset, in: &page)
        put32(0, at: badPagesOffset, in: &page)
        page.replaceSubrange(uuidOffset..<uuidOffset + 16, with: uuid)
        page.replaceSubrange(labelOffset..<labelOffset + labelBytes.count, with: labelBytes)
        page.replaceSubrange(pageSize - magic.count..<pageSize, with: magic)
        return page
    }

    /// Writes a new swap image file of `size` bytes at `path` (mode 0600, sparse).
    public static func write(size: UInt64, uuid: [UInt8], label: String, to path: String) throws {
        let page = try header(size: size, uuid: uuid, label: label)
        let file = try HostFile.create(path, permissions: 0o600)
        try file.truncate(to: size)
        try file.write(page, at: 0)
        try file.close()
    }

    private static func put32(_ v: UInt32, at offset: Int, in page: inout [UInt8]) {
        for i in 0..<4 { page[offset + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }
}

extension SwapImage {
    /// Writes the header of a swap area of `size` bytes that starts `offset` bytes into `file` (a
    /// partition of a disk image); the rest of the area stays as the caller left it (a hole).
    public static func write(size: UInt64, uuid: [UInt8], label: String, into file: HostFile, at offset: UInt64) throws {
        try file.write(try header(size: size, uuid: uuid, label: label), at: offset)
    }
}
