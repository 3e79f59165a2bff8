import CArchive

/// One libarchive read handle over a file: every format and filter libarchive knows (tar in all its
/// dialects, cpio, RPM payloads through the rpm filter; gzip, bzip2, xz, zstd, ...).
///
/// This file and its siblings `ArchiveEntry+libarchive.swift` are the only places that call
/// libarchive's read API. A fatal libarchive result is always an error, never "no more entries".
final class ArchiveReader {
    let path: String
    private var handle: OpaquePointer?
    private var entry: OpaquePointer?
    /// The last member read whole, for error messages about truncated or corrupt archives.
    /// Raw paths, made printable only for a message (most archives never need one).
    private var lastGood: [UInt8]?
    private var current: [UInt8]?
    var lastGoodMember: String? { lastGood.map(Name.printable) }

    init(path: String) throws {
        self.path = path
        guard let a = archive_read_new() else { throw ArchiveError.cannotOpen(path: path, reason: "out of memory") }
        handle = a
        archive_read_support_filter_all(a)
        archive_read_support_format_all(a)
        // rpm payloads are a cpio behind the "rpm" filter, which support_filter_all includes.
        if archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK {
            let reason = ArchiveReader.message(a)
            archive_read_free(a)
            handle = nil
            throw ArchiveError.cannotOpen(path: path, reason: reason)
        }
    }

    deinit {
        if let a = handle { archive_read_free(a) }
    }

    /// The next member's header, or nil at the end of the archive.
    func next() throws -> ArchiveEntry? {
        guard let a = handle else { return nil }
        if let c = current { lastGood = c }
        current = nil
        var retries = 0
        while true {
            var e: OpaquePointer?
            let r = archive_read_next_header(a, &e)
            switch r {
            case ARCHIVE_EOF:
                return nil
            case ARCHIVE_OK, ARCHIVE_WARN:
                guard let e else { throw corrupt("libarchive returned no header") }
                entry = e
                // A tar header (pax times are the only ones with fractions); libarchive numbers
                // formats by family in the high bits (archive.h, ARCHIVE_FORMAT_BASE_MASK).
                let isTar = archive_format(a) & 0xff0000 == ARCHIVE_FORMAT_TAR
                current = ArchiveEntry.bytes(archive_entry_pathname(e))
                let decoded = try ArchiveEntry(e, tarTimes: isTar, archive: path)
                return decoded
            case ARCHIVE_RETRY where retries < 8:
                retries += 1
                continue
            default:
                throw corrupt(ArchiveReader.message(a))
            }
        }
    }

    /// Streams the current member's data: `body` gets each block with its offset in the file
    /// (offsets jump over the holes of sparse members).
    func readData(_ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        guard let a = handle else { return }
        var buf: UnsafeRawPointer?
        var size = 0
        var offset: Int64 = 0
        while true {
            let r = archive_read_data_block(a, &buf, &size, &offset)
            switch r {
            case ARCHIVE_EOF:
                return
            case ARCHIVE_OK, ARCHIVE_WARN:
                if size > 0, let buf {
                    try body(UInt64(offset), UnsafeRawBufferPointer(start: buf, count: size))
                }
            default:
                throw corrupt(ArchiveReader.message(a))
            }
        }
    }

    /// Skips the current member's data.
    func skipData() throws {
        guard let a = handle else { return }
        if archive_read_data_skip(a) != ARCHIVE_OK {
            throw corrupt(ArchiveReader.message(a))
        }
    }

    /// Closes the archive, reporting a failure libarchive notices only at the end.
    func close() throws {
        guard let a = handle else { return }
        handle = nil
        let r = archive_read_close(a)
        let reason = ArchiveReader.message(a)
        archive_read_free(a)
        if r != ARCHIVE_OK { throw corrupt(reason) }
    }

    private func corrupt(_ reason: String) -> ArchiveError {
        .corrupt(path: path, member: current.map(Name.printable), lastGood: lastGoodMember, reason: reason)
    }

    private static func message(_ a: OpaquePointer) -> String {
        if let s = archive_error_string(a) { return String(cString: s) }
        return "unknown libarchive error (errno \(archive_errno(a)))"
    }
}
