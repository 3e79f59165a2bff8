import CArchive

/// Writes a `CpioArchive` as SVR4 "newc" cpio (magic 070701, no CRC), optionally gzip -9
/// compressed, through libarchive's write API. This is the only file that calls that API; a fatal
/// libarchive result is always an error.
///
/// The output depends only on the archive and `mtime`: inode numbers are the entry's position
/// (from 1), device 0, owner root, every mtime `mtime`, and the gzip header carries no time and no
/// name (libarchive stamps the clock unless told `!timestamp`).
public enum CpioWriter {
    public enum Compression: Sendable {
        case none
        /// gzip at level 9, as `gzip -9` in mkinitrd.
        case gzip
    }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case libarchive(member: String?, reason: String)

        public var description: String {
            switch self {
            case .libarchive(let member, let reason):
                let where_ = member.map { " at member '\($0)'" } ?? ""
                return "cannot write the cpio archive\(where_): \(reason) (libarchive); this is a bug in builder, please report it"
            }
        }
    }

    public static func write(_ archive: CpioArchive, mtime: Timestamp, compression: Compression) throws -> [UInt8] {
        let sink = Sink()
        guard let a = archive_write_new() else { throw Error.libarchive(member: nil, reason: "out of memory") }
        defer { archive_write_free(a) }
        try check(a, archive_write_set_format_cpio_newc(a), nil)
        if compression == .gzip {
            try check(a, archive_write_add_filter_gzip(a), nil)
            try check(a, archive_write_set_options(a, "gzip:compression-level=9,gzip:!timestamp"), nil)
        }
        // No padding after the trailer (libarchive pads an uncompressed archive's last block, not
        // a compressed one): the same cpio bytes either way, which the kernel reads to the trailer.
        try check(a, archive_write_set_bytes_in_last_block(a, 1), nil)
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        try check(a, archive_write_open2(a, opaque, nil, { _, clientData, buffer, length in
            guard let clientData, let buffer else { return -1 }
            Unmanaged<Sink>.fromOpaque(clientData).takeUnretainedValue().append(buffer, length)
            return la_ssize_t(length)
        }, nil, nil), nil)

        guard let entry = archive_entry_new() else { throw Error.libarchive(member: nil, reason: "out of memory") }
        defer { archive_entry_free(entry) }
        let links = archive.linkCounts
        for (index, member) in archive.entries.enumerated() {
            archive_entry_clear(entry)
            archive_entry_set_pathname(entry, member.path)
            archive_entry_set_ino64(entry, Int64(index + 1))
            archive_entry_set_nlink(entry, links[index])
            archive_entry_set_dev(entry, 0)
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            archive_entry_set_mtime(entry, time_t(mtime.seconds), 0)
            archive_entry_set_perm(entry, mode_t(member.permissions))
            var data: [UInt8] = []
            switch member.kind {
            case .directory:
                archive_entry_set_filetype(entry, fileTypeDirectory)
                archive_entry_set_size(entry, 0)
            case .file(let bytes):
                archive_entry_set_filetype(entry, fileTypeRegular)
                archive_entry_set_size(entry, Int64(bytes.count))
                data = bytes
            case .symlink(let target):
                archive_entry_set_filetype(entry, fileTypeSymlink)
                // The target's bytes as they are (a C string), not decoded as UTF-8.
                (target + [0]).withUnsafeBufferPointer { raw in
                    raw.withMemoryRebound(to: CChar.self) { archive_entry_copy_symlink(entry, $0.baseAddress) }
                }
                archive_entry_set_size(entry, 0)
            case .characterDevice(let number), .blockDevice(let number):
                let type = member.kind == .characterDevice(number) ? fileTypeCharacterDevice : fileTypeBlockDevice
                archive_entry_set_filetype(entry, UInt32(type))
                archive_entry_set_rdevmajor(entry, dev_t(number.major))
                archive_entry_set_rdevminor(entry, dev_t(number.minor))
                archive_entry_set_size(entry, 0)
            }
            try check(a, archive_write_header(a, entry), member.path)
            var written = 0
            while written < data.count {
                let n = data[written...].withUnsafeBytes { buffer in
                    archive_write_data(a, buffer.baseAddress, buffer.count)
                }
                guard n > 0 else { throw failure(a, member.path) }
                written += n
            }
        }
        try check(a, archive_write_close(a), nil)
        return sink.bytes
    }

    // archive_entry.h's AE_IF* values (macros with casts, which Swift does not import): the
    // S_IF* file-type bits of st_mode.
    private static let fileTypeRegular: UInt32 = 0o100000
    private static let fileTypeDirectory: UInt32 = 0o040000
    private static let fileTypeSymlink: UInt32 = 0o120000
    private static let fileTypeCharacterDevice: UInt32 = 0o020000
    private static let fileTypeBlockDevice: UInt32 = 0o060000

    private static func check(_ a: OpaquePointer, _ result: Int32, _ member: String?) throws {
        // ARCHIVE_WARN is not fatal; anything below it is.
        if result < ARCHIVE_WARN { throw failure(a, member) }
    }

    private static func failure(_ a: OpaquePointer, _ member: String?) -> Error {
        let reason = archive_error_string(a).map { String(cString: $0) } ?? "error \(archive_errno(a))"
        return .libarchive(member: member, reason: reason)
    }

    /// The growing buffer libarchive's write callback appends to.
    private final class Sink {
        var bytes: [UInt8] = []

        func append(_ buffer: UnsafeRawPointer, _ length: Int) {
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        }
    }
}
