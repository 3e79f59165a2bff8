import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// One archive member's header, decoded from libarchive into Swift values.
struct ArchiveEntry: Equatable {
    enum Kind: Equatable {
        case regular
        case directory
        case symlink([UInt8])
        case hardlink([UInt8])
        case characterDevice(DeviceNumber)
        case blockDevice(DeviceNumber)
        case fifo
        case socket
    }

    /// The member's path as stored (raw bytes: not necessarily UTF-8).
    var path: [UInt8]
    var kind: Kind
    var permissions: UInt16
    var uid: UInt32
    var gid: UInt32
    var mtime: Timestamp
    var size: UInt64
    /// Data ranges of a sparse member; nil when the member is not sparse.
    var sparse: [Range<UInt64>]?
    var xattrs: [XAttr]
    /// A hard link whose header says symlink (cpio records a hard-linked symlink so).
    var linksSymlink = false
    /// The target such a link carries, when libarchive read it with the header (cpio does).
    var linkedSymlinkTarget: [UInt8]?

    var printablePath: String { Name.printable(path) }

    init(
        path: [UInt8], kind: Kind, permissions: UInt16, uid: UInt32, gid: UInt32, mtime: Timestamp,
        size: UInt64, sparse: [Range<UInt64>]? = nil, xattrs: [XAttr] = []
    ) {
        self.path = path
        self.kind = kind
        self.permissions = permissions
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
        self.size = size
        self.sparse = sparse
        self.xattrs = xattrs
    }

    /// `tarTimes`: the entry comes from a tar archive, whose pax times may carry fractions.
    /// Owners and device numbers the guest's filesystem cannot keep (a pax gid of -5 or 2^40, a
    /// major past 4095) are refused, naming `archive` and the member, never narrowed.
    init(_ e: OpaquePointer, tarTimes: Bool, archive: String) throws(UnstorableValue) {
        path = ArchiveEntry.bytes(archive_entry_pathname(e))
        let place = "archive '\(archive)': member '\(Name.printable(path))'"
        // archive_entry_perm is already st_mode & 07777 (archive_entry.c).
        permissions = UInt16(truncatingIfNeeded: archive_entry_perm(e) & 0o7777)
        uid = try StorableValues.owner(Int64(archive_entry_uid(e)), field: "uid", place: place)
        gid = try StorableValues.owner(Int64(archive_entry_gid(e)), field: "gid", place: place)
        mtime = ArchiveEntry.time(
            seconds: Int64(archive_entry_mtime(e)), nanoseconds: Int64(archive_entry_mtime_nsec(e)),
            fromTar: tarTimes)
        let declared = archive_entry_size_is_set(e) != 0 ? Int64(archive_entry_size(e)) : 0
        guard declared >= 0 else {
            throw UnstorableValue(place: place, field: "size", value: "\(declared)", allowed: "0 or more bytes")
        }
        size = UInt64(declared)
        let type = UInt32(archive_entry_filetype(e))
        var device = DeviceNumber(major: 0, minor: 0)
        if archive_entry_hardlink(e) == nil, type == 0o020000 || type == 0o060000 {
            device = try StorableValues.device(
                major: UInt64(archive_entry_rdevmajor(e)), minor: UInt64(archive_entry_rdevminor(e)), place: place)
        }
        if let link = archive_entry_hardlink(e) {
            kind = .hardlink(ArchiveEntry.bytes(link))
            linksSymlink = UInt32(archive_entry_filetype(e)) == 0o120000
            if linksSymlink, let t = archive_entry_symlink(e), t.pointee != 0 {
                linkedSymlinkTarget = ArchiveEntry.bytes(t)
            }
        } else {
            // libarchive's AE_IF* values are POSIX's S_IF* (archive_entry.h); its macros carry casts Swift
            // does not import, hence the numbers.
            switch UInt32(archive_entry_filetype(e)) {
            case 0o040000: kind = .directory
            case 0o120000: kind = .symlink(ArchiveEntry.bytes(archive_entry_symlink(e)))
            case 0o020000: kind = .characterDevice(device)
            case 0o060000: kind = .blockDevice(device)
            case 0o010000: kind = .fifo
            case 0o140000: kind = .socket
            default: kind = .regular
            }
        }
        var attrs: [XAttr] = []
        if archive_entry_xattr_reset(e) > 0 {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var len = 0
            while archive_entry_xattr_next(e, &name, &value, &len) == ARCHIVE_OK {
                guard let name else { continue }
                let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: len)) } ?? []
                attrs.append(XAttr(name: String(cString: name), value: bytes))
            }
        }
        // Byte order of the names, as the directory source gives them: one tree, one image.
        xattrs = attrs.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var ranges: [Range<UInt64>] = []
        // libarchive drops a map that covers the whole file (count 0: not sparse). A map with no
        // data left in it (a file that is all hole, whose GNU map is one empty run at its end) is
        // still sparse: no data ranges at all, not "all data".
        let pieces = archive_entry_sparse_reset(e)
        if pieces > 0 {
            var off: la_int64_t = 0
            var len: la_int64_t = 0
            while archive_entry_sparse_next(e, &off, &len) == ARCHIVE_OK {
                guard len != 0 else { continue }
                // A run outside 0..<size would put data where the tree says a hole is (or past
                // the end): the map is refused, not trimmed.
                guard off >= 0, len > 0, off <= la_int64_t.max - len, UInt64(off + len) <= size else {
                    throw UnstorableValue(place: place, field: "sparse map run", value: "\(off)+\(len)", allowed: "runs inside the member's \(size) bytes")
                }
                ranges.append(UInt64(off)..<UInt64(off + len))
            }
        }
        sparse = pieces > 0 ? ranges : nil
    }

    /// A time as libarchive gives it, made right for pre-1970 pax times with a fraction. POSIX
    /// pax times are decimal numbers: GNU tar writes 1950-01-01 00:00:00 plus 5 ns as
    /// "-631151999.999999995". libarchive (3.6 to at least 3.8, `pax_time`) keeps the sign for the
    /// whole seconds only and reads it as -631151999 s plus 0.999999995 s, two seconds late; a
    /// directory holding the same file gives -631152000 s plus 5 ns. The tarball tests' GNU-tar
    /// fixture checks this (a libarchive that reads it right would make them fail, not pass
    /// silently).
    static func time(seconds: Int64, nanoseconds: Int64, fromTar: Bool) -> Timestamp {
        let ns = min(max(0, nanoseconds), 999_999_999)
        if fromTar, seconds < 0, ns > 0 {
            return Timestamp(seconds: seconds - 1, nanoseconds: UInt32(1_000_000_000 - ns))
        }
        return Timestamp(seconds: seconds, nanoseconds: UInt32(ns))
    }

    static func bytes(_ p: UnsafePointer<CChar>?) -> [UInt8] {
        guard let p else { return [] }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
    }
}
