/// One path component of a guest file: any bytes but `/` and NUL, 1 to 255 of them.
///
/// Names are bytes, not `String`, because a Linux tree may hold names that are not UTF-8 and ext2
/// stores them as they are.
public struct Name: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The longest name an ext2/3 directory entry can hold (`name_len` is one byte).
    public static let maxLength = 255

    public init(validating bytes: [UInt8]) throws {
        guard !bytes.isEmpty, bytes.count <= Name.maxLength else {
            throw TreeError.invalidName(bytes, reason: "a name must have 1 to \(Name.maxLength) bytes")
        }
        guard !bytes.contains(0), !bytes.contains(UInt8(ascii: "/")) else {
            throw TreeError.invalidName(bytes, reason: "a name may not contain '/' or NUL")
        }
        guard bytes != [UInt8(ascii: ".")], bytes != [UInt8(ascii: "."), UInt8(ascii: ".")] else {
            throw TreeError.invalidName(bytes, reason: "'.' and '..' are not names of their own")
        }
        self.bytes = bytes
    }

    public init(_ string: String) throws {
        try self.init(validating: Array(string.utf8))
    }

    /// Byte order: the order builder writes directory entries in, so output never depends on the
    /// order a source listed them.
    public static func < (lhs: Name, rhs: Name) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The name for messages: UTF-8 where it is, `\xNN` escapes where it is not.
    public var description: String { Name.printable(bytes) }

    static func printable(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var out = ""
        for b in bytes {
            if b >= 0x20 && b < 0x7f { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += "\\x" + String(b, radix: 16, uppercase: false).leftPadded(to: 2) }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
