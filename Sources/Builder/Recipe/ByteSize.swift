/// Sizes as recipes write them: a number of bytes, or a whole number with a binary unit.
/// `K`, `M`, `G`, `T` are 1024-based, as are `KiB`, `MiB`, `GiB`, `TiB` (the same thing spelled
/// the IEC way). Decimal units (`GB`, `MB`) are refused rather than guessed.
public enum ByteSize {
    static let units: [(suffix: String, shift: UInt64)] = [
        ("KiB", 10), ("MiB", 20), ("GiB", 30), ("TiB", 40),
        ("K", 10), ("M", 20), ("G", 30), ("T", 40),
    ]

    /// What a size may look like, for error messages.
    static let allowed = "a whole number of bytes, or a whole number with K, M, G or T (1024-based; KiB, MiB, GiB, TiB also work), e.g. \"512M\""

    public enum ParseError: Error, Equatable {
        case notASize
        case tooLarge
    }

    /// Parses "512M", "2G", "100KiB", "4096".
    public static func parse(_ text: String) throws(ParseError) -> UInt64 {
        var digits = Substring(text)
        var shift: UInt64 = 0
        for unit in units where text.hasSuffix(unit.suffix) {
            digits = text.dropLast(unit.suffix.count)
            shift = unit.shift
            break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notASize }
        guard let n = UInt64(digits) else { throw .tooLarge }
        guard shift == 0 || n <= UInt64.max >> shift else { throw .tooLarge }
        return n << shift
    }

    /// A size for people: a whole binary unit where it is one ("64 MiB"), else one decimal with the
    /// exact bytes beside it ("1.5 GiB (1610612737 bytes)").
    public static func format(_ bytes: UInt64) -> String {
        let names = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var i = 0
        while i < 4 && bytes >= UInt64(1) << (10 * UInt64(i + 1)) { i += 1 }
        guard i > 0 else { return "\(bytes) bytes" }
        let unit = UInt64(1) << (10 * UInt64(i))
        if bytes % unit == 0 { return "\(bytes / unit) \(names[i])" }
        let tenths = UInt64((Double(bytes) / Double(unit) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(names[i]) (\(bytes) bytes)"
    }
}
