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

    /// Bytes from an image, an archive or a guest file, made safe for a terminal and a message:
    /// UTF-8 where it is, `\xNN` for each byte that is not, and for the bytes of control
    /// characters (C0, DEL, C1, and the bidirectional overrides that reorder what a terminal shows),
    /// so a file name or symlink target holding ESC sequences or a newline cannot move the cursor,
    /// recolour, or forge a line. A backslash is escaped too once anything is, so the text reads
    /// back unambiguously. Every message and listing that shows such bytes goes through here.
    public static func printable(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self), !s.unicodeScalars.contains(where: isControl) {
            return s
        }
        var out = ""
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            // The length of the UTF-8 sequence this byte leads (0: not a lead byte; RFC 3629 §4).
            let n = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0
            if n > 0, i + n <= bytes.count, let s = String(validating: bytes[i..<i + n], as: UTF8.self),
                let u = s.unicodeScalars.first, !isControl(u), u != "\\"
            {
                out.unicodeScalars.append(u)
                i += n
            } else {
                out += "\\x" + String(b, radix: 16, uppercase: false).leftPadded(to: 2)
                i += 1
            }
        }
        return out
    }

    /// `text` made printable line by line (its newlines and tabs kept, which a terminal only
    /// moves over): what the CLI does to every line it writes.
    public static func printable(lines text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { printable(Array($0.utf8)) }
                .joined(separator: "\t")
        }.joined(separator: "\n")
    }

    /// A character a terminal acts on instead of showing: C0 controls, DEL, C1 controls (U+0080 to
    /// U+009F: 0x9B is a one-byte CSI), and the bidirectional embeddings, overrides and isolates
    /// (U+202A to U+202E, U+2066 to U+2069), which reorder the text shown around them.
    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
            || (0x2066...0x2069).contains(u.value)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
