/// What builder needs from an RPM's main header: who the package is, and which package scripts it
/// carries (builder never runs them; the build report lists them).
///
/// Layout (RPM file format, "Package File Format" in rpm's docs): a 96-byte lead (magic ED AB EE DB),
/// the signature header padded to 8 bytes, the main header, then the compressed cpio payload. A
/// header is: magic 8E AD E8 01, 4 reserved bytes, the entry count and the data size (big-endian
/// 32-bit), the entries (tag, type, offset, count: 16 bytes each), then the data.
public struct RPMHeader: Equatable, Sendable {
    public var name: String
    public var version: String
    public var release: String
    public var arch: String
    /// The scriptlets present, as rpm names them in specs: %pre, %post, %preun, %postun, ...
    public var scriptlets: [String]

    public var nevra: String { "\(name)-\(version)-\(release).\(arch)" }

    enum Tag {
        static let name: UInt32 = 1000
        static let version: UInt32 = 1001
        static let release: UInt32 = 1002
        static let arch: UInt32 = 1022
        /// Script bodies and their interpreters (a scriptlet can be an interpreter alone, such as
        /// `/sbin/ldconfig` for %post), in the order rpm runs them.
        static let scripts: [(String, [UInt32])] = [
            ("%pretrans", [1151, 1153]), ("%pre", [1023, 1085]), ("%post", [1024, 1086]),
            ("%preun", [1025, 1087]), ("%postun", [1026, 1088]), ("%posttrans", [1152, 1154]),
            ("%verifyscript", [1079, 1091]), ("%triggers", [1065, 1092]),
        ]
    }

    public static func read(_ path: String) throws -> RPMHeader {
        let file = try HostFile.openForReading(path)
        defer { try? file.close() }
        let lead = try file.read(count: 96, at: 0)
        guard lead.count == 96, lead.starts(with: [0xED, 0xAB, 0xEE, 0xDB]) else {
            throw RPMError.notAnRPM(path: path)
        }
        let signature = try headerExtent(file, at: 96, path: path)
        let mainStart = (signature.end + 7) & ~UInt64(7)
        let main = try headerExtent(file, at: mainStart, path: path)
        let bytes = try file.read(count: Int(main.end - mainStart), at: mainStart)
        let entries = try parse(bytes, path: path)
        func string(_ tag: UInt32) -> String {
            guard let e = entries[tag], e.type == 6 || e.type == 9 else { return "" }
            return cString(bytes, at: e.dataOffset)
        }
        let present = Tag.scripts.filter { _, tags in tags.contains { entries[$0] != nil } }.map(\.0)
        return RPMHeader(
            name: string(Tag.name), version: string(Tag.version), release: string(Tag.release),
            arch: string(Tag.arch), scriptlets: present)
    }

    struct Entry {
        var type: UInt32
        var dataOffset: Int
    }

    private static func headerExtent(_ file: HostFile, at offset: UInt64, path: String) throws -> (start: UInt64, end: UInt64) {
        let intro = try file.read(count: 16, at: offset)
        guard intro.count == 16, intro.starts(with: [0x8E, 0xAD, 0xE8, 0x01]) else {
            throw RPMError.badHeader(path: path, offset: offset)
        }
        let count = UInt64(be32(intro, 8))
        let size = UInt64(be32(intro, 12))
        guard count < 1 << 20, size < 1 << 28 else { throw RPMError.badHeader(path: path, offset: offset) }
        return (offset, offset + 16 + count * 16 + size)
    }

    /// Entries by tag; `dataOffset` is from the start of `header` (its 16-byte intro included).
    private static func parse(_ header: [UInt8], path: String) throws -> [UInt32: Entry] {
        let count = Int(be32(header, 8))
        let dataStart = 16 + count * 16
        var entries: [UInt32: Entry] = [:]
        for i in 0..<count {
            let at = 16 + i * 16
            let offset = Int(be32(header, at + 8))
            guard dataStart + offset <= header.count else { throw RPMError.badHeader(path: path, offset: UInt64(at)) }
            entries[be32(header, at)] = Entry(type: be32(header, at + 4), dataOffset: dataStart + offset)
        }
        return entries
    }

    private static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= b.count else { return 0 }
        return UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    private static func cString(_ b: [UInt8], at: Int) -> String {
        guard at < b.count else { return "" }
        let end = b[at...].firstIndex(of: 0) ?? b.count
        return String(decoding: b[at..<end], as: UTF8.self)
    }
}

public enum RPMError: Error, Equatable, CustomStringConvertible {
    case notAnRPM(path: String)
    case badHeader(path: String, offset: UInt64)

    public var description: String {
        switch self {
        case .notAnRPM(let p):
            return "'\(p)' is not an RPM package (no RPM lead); give a .rpm file"
        case .badHeader(let p, let o):
            return "RPM '\(p)' has a damaged header at byte \(o); download the package again"
        }
    }
}
