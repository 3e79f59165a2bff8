import CArchive

/// Decompresses one compressed stream held in memory (a gzip'd vmlinux, a bzImage payload, an
/// embedded kernel config) through libarchive's "raw" format: no archive, only filters.
///
/// This file is the only place outside `ArchiveReader` that calls libarchive.
enum StreamDecompressor {
    struct Failure: Error, Equatable, CustomStringConvertible {
        /// The filter libarchive chose ("gzip", "xz", ...).
        var filter: String
        var reason: String
        var description: String { "the \(filter) stream is corrupt or truncated: \(reason)" }
    }

    /// The decompressed bytes and the name of the filter that produced them, or nil when no filter
    /// recognises `data` (it is not compressed, or in a format libarchive does not read).
    ///
    /// Only the compressors Linux and Xen use for kernels are enabled (gzip, bzip2, xz, lzma, lzip,
    /// zstd, lz4, lzop): not libarchive's uuencode or rpm "filters", which would unwrap files that
    /// are not compressed kernels. `limit` bounds the output (a corrupt or hostile stream must not
    /// fill the memory). Bytes after the end of a stream are the caller's business: libarchive's xz
    /// and zstd readers take them for a damaged next stream (see `KernelImage.unwrap`).
    static func decompress(_ data: [UInt8], limit: Int = 1 << 30) throws -> (bytes: [UInt8], filter: String)? {
        guard let a = archive_read_new() else { throw Failure(filter: "libarchive", reason: "out of memory") }
        defer { archive_read_free(a) }
        archive_read_support_filter_gzip(a)
        archive_read_support_filter_bzip2(a)
        archive_read_support_filter_xz(a)
        archive_read_support_filter_lzma(a)
        archive_read_support_filter_lzip(a)
        archive_read_support_filter_zstd(a)
        archive_read_support_filter_lz4(a)
        archive_read_support_filter_lzop(a)
        archive_read_support_format_raw(a)

        return try data.withUnsafeBytes { raw -> (bytes: [UInt8], filter: String)? in
            guard raw.count > 0,
                archive_read_open_memory(a, raw.baseAddress, raw.count) == ARCHIVE_OK
            else { return nil }
            var entry: OpaquePointer?
            guard archive_read_next_header(a, &entry) == ARCHIVE_OK else { return nil }
            // Filter 0 is the one nearest the format; "none" means no compressor recognised the data.
            guard archive_filter_count(a) > 1, archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE else { return nil }
            let filter = archive_filter_name(a, 0).map { String(cString: $0) } ?? "compressed"
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                if n == 0 { break }
                if n < 0 { throw Failure(filter: filter, reason: message(a)) }
                guard out.count + n <= limit else {
                    throw Failure(filter: filter, reason: "more than \(limit) bytes after decompression")
                }
                out.append(contentsOf: chunk[0..<n])
            }
            return (out, filter)
        }
    }

    private static func message(_ a: OpaquePointer) -> String {
        if let s = archive_error_string(a) { return String(cString: s) }
        return "unknown libarchive error (errno \(archive_errno(a)))"
    }
}
