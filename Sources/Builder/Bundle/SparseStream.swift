#if canImport(Glibc)
import Glibc
#endif

/// A host file read from start to end as if its holes were zeros, without reading the holes: the
/// data ranges (SEEK_DATA/SEEK_HOLE, `HostFile.dataRanges`) are read in chunks, and each hole is
/// handed out as slices of one zero buffer. A 1 GiB image holding 20 MiB of data costs 20 MiB of
/// reads. Both the manifest's sha256 and the bundle's sparse tar members read images this way.
struct SparseStream {
    let file: HostFile
    let size: UInt64
    /// The byte ranges that hold data, ascending, within `0..<size`.
    let dataRanges: [Range<UInt64>]

    static let chunkSize = 1 << 20
    private static let zeros = [UInt8](repeating: 0, count: chunkSize)

    /// Opens `path` and asks the filesystem where its data is.
    static func open(_ path: String) throws -> SparseStream {
        let file = try HostFile.openForReading(path)
        return SparseStream(file: file, size: try file.size(), dataRanges: try file.dataRanges())
    }

    /// The number of bytes that are data (not holes).
    var dataBytes: UInt64 { dataRanges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }

    /// Calls `body` with consecutive pieces of the whole file, holes as zeros, `size` bytes in all.
    /// A file that shrinks while it is read is an error (the pieces would no longer be the file).
    func forEachPiece(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        var position: UInt64 = 0
        for range in dataRanges + [size..<size] {
            try Self.zeros.withUnsafeBytes { zeros in
                while position < range.lowerBound {
                    let n = Int(min(UInt64(Self.chunkSize), range.lowerBound - position))
                    try body(UnsafeRawBufferPointer(rebasing: zeros[0..<n]))
                    position += UInt64(n)
                }
            }
            while position < range.upperBound {
                let want = Int(min(UInt64(Self.chunkSize), range.upperBound - position))
                let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want])
                guard try file.read(into: slice, at: position) == want else {
                    throw SystemError("read (the file shrank while it was read)", path: file.path, code: EIO)
                }
                try body(UnsafeRawBufferPointer(slice))
                position += UInt64(want)
            }
        }
    }

    func close() throws {
        try file.close()
    }
}
