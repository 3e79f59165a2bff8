import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// A path on the host, as the bytes the kernel sees. Linux names need not be UTF-8, so a tree walk
/// keeps paths as bytes; `string` turns them into a `String` that converts back without loss.
public struct HostPath: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The path a `String` made by `string` stands for (any other string: its UTF-8).
    public init(_ string: String) { bytes = HostPath.decode(string) }

    public func appending(_ name: [UInt8]) -> HostPath {
        var b = bytes
        if b.last != UInt8(ascii: "/") { b.append(UInt8(ascii: "/")) }
        b.append(contentsOf: name)
        return HostPath(bytes: b)
    }

    /// A `String` that `HostPath(_:)` turns back into exactly these bytes: UTF-8 where the bytes are
    /// UTF-8, and each other byte B (0x80...0xFF) as the private-use scalar U+F700+B. A name that
    /// really holds U+F780...U+F7FF has those bytes escaped too, so the mapping is one-to-one.
    /// (This is how `Content.hostFile(path:)`, a `String`, can name a file whose name is not UTF-8.)
    public var string: String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                out.append(Unicode.Scalar(b))
                i += 1
                continue
            }
            let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
            if len > 0, i + len <= bytes.count,
                let s = String(validating: bytes[i..<(i + len)], as: UTF8.self),
                let scalar = s.unicodeScalars.first, s.unicodeScalars.count == 1,
                !HostPath.escapes.contains(scalar.value)
            {
                out.append(scalar)
                i += len
                continue
            }
            out.append(HostPath.escape(b))
            i += 1
        }
        return String(out)
    }

    /// The path for messages (`\xNN` for bytes that are not UTF-8).
    public var description: String { Name.printable(bytes) }

    private static let escapes: ClosedRange<UInt32> = 0xF780...0xF7FF

    private static func escape(_ b: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(0xF700 + UInt32(b)) ?? "?"
    }

    private static func decode(_ string: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            if escapes.contains(scalar.value) {
                out.append(UInt8(scalar.value - 0xF700))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var c = bytes
        c.append(0)
        return try c.withUnsafeBufferPointer { buf in
            try buf.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }
}

/// What lstat says about one host file, in the units builder uses.
public struct HostStatus: Sendable {
    /// The S_IFMT bits of st_mode.
    public var typeBits: UInt32
    /// The low 12 bits of st_mode.
    public var permissions: UInt16
    public var uid: UInt32
    public var gid: UInt32
    public var size: UInt64
    /// st_blocks: 512-byte units allocated.
    public var blocks: UInt64
    public var linkCount: UInt64
    public var device: UInt64
    public var inode: UInt64
    /// st_rdev, for character and block devices.
    public var rdev: UInt64
    public var mtime: Timestamp

    public static let regular: UInt32 = 0o100000
    public static let directory: UInt32 = 0o040000
    public static let symlink: UInt32 = 0o120000
    public static let characterDevice: UInt32 = 0o020000
    public static let blockDevice: UInt32 = 0o060000
    public static let fifo: UInt32 = 0o010000
    public static let socket: UInt32 = 0o140000

    /// st_rdev split as glibc's gnu_dev_major / gnu_dev_minor do (12-bit major and 20-bit minor,
    /// with the historical 8-bit fields in the low bits).
    public var deviceParts: (major: UInt64, minor: UInt64) {
        let major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~UInt64(0xfff))
        let minor = (rdev & 0xff) | ((rdev >> 12) & ~UInt64(0xff))
        return (major, minor)
    }
}

/// The libc calls of a tree walk: lstat, stat, readdir, readlink, llistxattr and lgetxattr, each
/// turning a failure into a `SystemError` that names the path.
public enum HostFileSystem {
    /// lstat (`follow: false`) or stat (`follow: true`) of `path`.
    public static func status(_ path: HostPath, follow: Bool = false) throws -> HostStatus {
        var st = stat()
        let r = path.withCString { p in
            retrying { follow ? stat(p, &st) : lstat(p, &st) }
        }
        guard r == 0 else { throw SystemError(follow ? "stat" : "lstat", path: path.description) }
        return HostStatus(
            typeBits: UInt32(st.st_mode) & 0o170000,
            permissions: UInt16(st.st_mode & 0o7777),
            uid: st.st_uid,
            gid: st.st_gid,
            size: UInt64(st.st_size),
            blocks: UInt64(st.st_blocks),
            linkCount: UInt64(st.st_nlink),
            device: UInt64(st.st_dev),
            inode: UInt64(st.st_ino),
            rdev: UInt64(st.st_rdev),
            mtime: Timestamp(seconds: Int64(st.st_mtim.tv_sec), nanoseconds: UInt32(st.st_mtim.tv_nsec))
        )
    }

    /// The names in directory `path` (not `.` and `..`), as bytes, in the order readdir gives them.
    public static func entries(_ path: HostPath) throws -> [[UInt8]] {
        guard let dir = path.withCString({ opendir($0) }) else {
            throw SystemError("open directory", path: path.description)
        }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw SystemError("read directory", path: path.description) }
                break
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [UInt8] in
                let end = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[0..<end])
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names
    }

    /// The target of symlink `path`, as bytes; `size` is its lstat size (a hint, not trusted).
    public static func linkTarget(_ path: HostPath, size: UInt64) throws -> [UInt8] {
        var capacity = max(Int(size) + 1, 256)
        while true {
            var buf = [UInt8](repeating: 0, count: capacity)
            let n = path.withCString { p in
                buf.withUnsafeMutableBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { readlink(p, $0.baseAddress!, capacity) }
                }
            }
            guard n >= 0 else { throw SystemError("readlink", path: path.description) }
            // A result that fills the buffer may have been cut short: try again with more room.
            if n < capacity { return Array(buf[0..<n]) }
            capacity *= 2
        }
    }

    /// The extended attributes of `path` (not following a symlink), sorted by name. A filesystem
    /// without xattr support has none.
    public static func xattrs(_ path: HostPath) throws -> [XAttr] {
        let list = try sizedRead(path, what: "llistxattr") { p, buf, size in
            CSystem.llistxattr(p, buf, size)
        }
        var result: [XAttr] = []
        for raw in list.split(separator: 0, omittingEmptySubsequences: true) {
            let nameBytes = Array(raw)
            let name = String(decoding: nameBytes, as: UTF8.self)
            let value = try sizedRead(path, what: "lgetxattr \(name) of") { p, buf, size in
                var n = nameBytes
                n.append(0)
                return n.withUnsafeBufferPointer { np in
                    np.withMemoryRebound(to: CChar.self) { CSystem.lgetxattr(p, $0.baseAddress!, buf, size) }
                }
            }
            result.append(XAttr(name: name, value: value))
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Runs a "size query then fetch" xattr call, retrying when the value grew in between (ERANGE).
    private static func sizedRead(
        _ path: HostPath, what: String,
        _ call: (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>?, Int) -> Int
    ) throws -> [UInt8] {
        while true {
            let needed = path.withCString { call($0, nil, 0) }
            if needed < 0 {
                if errno == ENOTSUP { return [] }
                throw SystemError(what, path: path.description)
            }
            if needed == 0 { return [] }
            var buf = [UInt8](repeating: 0, count: needed)
            let n = path.withCString { p in
                buf.withUnsafeMutableBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { call(p, $0.baseAddress!, needed) }
                }
            }
            if n < 0 {
                if errno == ERANGE { continue }
                throw SystemError(what, path: path.description)
            }
            return Array(buf[0..<n])
        }
    }
}
