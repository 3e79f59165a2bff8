import CArchive

/// Writes a compressed pax tar of host files into a new host file through libarchive's write API;
/// the only bundle file that calls libarchive. A fatal libarchive result is always an error.
///
/// The output depends only on the members, their bytes and `mtime`: every member is owned by 0:0
/// with no user or group name, files are mode 0600 and folders 0700, every mtime is `mtime` (no
/// atime or ctime), the compressors are told a fixed level, one thread, and (gzip) no timestamp.
/// A file with holes is stored sparse (GNU sparse format 1.0 in pax headers, which GNU tar and
/// bsdtar both restore as holes): only its data ranges are in the archive.
enum ArchiveWriter {
    struct Member: Sendable, Equatable {
        /// The name inside the archive ("web/sda1.img"; a folder without the trailing '/').
        var name: String
        /// The host file whose bytes the member holds; nil for a folder.
        var source: String?
    }

    enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case libarchive(archive: String, member: String?, reason: String)

        var description: String {
            switch self {
            case .libarchive(let archive, let member, let reason):
                let at = member.map { " at member '\($0)'" } ?? ""
                return "cannot write the bundle '\(archive)'\(at): \(reason) (libarchive)"
            }
        }
    }

    static func write(_ members: [Member], format: GuestBundle.Format, mtime: Int64, to path: String) throws {
        let sink = Sink(file: try HostFile.create(path))
        do {
            try write(members, format: format, mtime: mtime, sink: sink, path: path)
            if let error = sink.error { throw error }
            try sink.file.close()
        } catch {
            try? sink.file.close()
            try? HostFile.remove(path)
            throw error
        }
    }

    private static func write(_ members: [Member], format: GuestBundle.Format, mtime: Int64, sink: Sink, path: String) throws {
        guard let a = archive_write_new() else { throw Error.libarchive(archive: path, member: nil, reason: "out of memory") }
        defer { archive_write_free(a) }
        func check(_ result: Int32, _ member: String?) throws {
            // ARCHIVE_WARN is not fatal; anything below it is. A failed write callback is reported
            // by the sink's own error, which names the file and the errno.
            if result < ARCHIVE_WARN { throw sink.error ?? failure(a, path, member) }
        }
        try check(archive_write_set_format_pax(a), nil)
        switch format {
        case .gzip:
            try check(archive_write_add_filter_gzip(a), nil)
            try check(archive_write_set_options(a, "gzip:compression-level=6,gzip:!timestamp"), nil)
        case .xz:
            try check(archive_write_add_filter_xz(a), nil)
            try check(archive_write_set_options(a, "xz:compression-level=6,xz:threads=1"), nil)
        case .zstd:
            try check(archive_write_add_filter_zstd(a), nil)
            try check(archive_write_set_options(a, "zstd:compression-level=9,zstd:threads=1"), nil)
        }
        // No padding after the compressed stream (libarchive pads the last 10240-byte block with
        // zeros by default, which zstd refuses as trailing garbage); tar's own end-of-archive
        // blocks are inside the stream.
        try check(archive_write_set_bytes_in_last_block(a, 1), nil)
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        try check(archive_write_open2(a, opaque, nil, { _, clientData, buffer, length in
            guard let clientData, let buffer else { return -1 }
            let sink = Unmanaged<Sink>.fromOpaque(clientData).takeUnretainedValue()
            return sink.append(UnsafeRawBufferPointer(start: buffer, count: length)) ? la_ssize_t(length) : -1
        }, nil, nil), nil)

        guard let entry = archive_entry_new() else { throw Error.libarchive(archive: path, member: nil, reason: "out of memory") }
        defer { archive_entry_free(entry) }
        for member in members {
            archive_entry_clear(entry)
            archive_entry_set_pathname(entry, member.name)
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            archive_entry_set_mtime(entry, time_t(mtime), 0)
            guard let source = member.source else {
                archive_entry_set_filetype(entry, fileTypeDirectory)
                archive_entry_set_perm(entry, 0o700)
                archive_entry_set_size(entry, 0)
                try check(archive_write_header(a, entry), member.name)
                continue
            }
            let stream = try SparseStream.open(source)
            archive_entry_set_filetype(entry, fileTypeRegular)
            archive_entry_set_perm(entry, 0o600)
            archive_entry_set_size(entry, Int64(stream.size))
            // Only a file with holes is a sparse member; one that is all data (or all hole, which
            // no image is) is stored plainly.
            if !stream.dataRanges.isEmpty && stream.dataBytes < stream.size {
                for range in stream.dataRanges {
                    archive_entry_sparse_add_entry(entry, Int64(range.lowerBound), Int64(range.upperBound - range.lowerBound))
                }
            }
            try check(archive_write_header(a, entry), member.name)
            // The whole file goes in, holes as zeros: libarchive's pax writer skips the bytes that
            // fall in the holes it was told about.
            try stream.forEachPiece { piece in
                var done = 0
                while done < piece.count {
                    let n = archive_write_data(a, piece.baseAddress.map { $0 + done }, piece.count - done)
                    guard n > 0 else { throw sink.error ?? failure(a, path, member.name) }
                    done += n
                }
            }
            try stream.close()
        }
        try check(archive_write_close(a), nil)
    }

    // archive_entry.h's AE_IF* values (macros with casts, which Swift does not import).
    private static let fileTypeRegular: UInt32 = 0o100000
    private static let fileTypeDirectory: UInt32 = 0o040000

    private static func failure(_ a: OpaquePointer, _ path: String, _ member: String?) -> Error {
        let reason = archive_error_string(a).map { String(cString: $0) } ?? "error \(archive_errno(a))"
        return .libarchive(archive: path, member: member, reason: reason)
    }

    /// Appends what libarchive hands out to the bundle file; keeps the first write error.
    private final class Sink {
        let file: HostFile
        var offset: UInt64 = 0
        var error: (any Swift.Error)?

        init(file: HostFile) { self.file = file }

        func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
            guard error == nil else { return false }
            do {
                try file.write(bytes, at: offset)
                offset += UInt64(bytes.count)
                return true
            } catch {
                self.error = error
                return false
            }
        }
    }
}
