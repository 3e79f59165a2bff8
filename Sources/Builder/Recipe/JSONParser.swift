/// A strict RFC 8259 JSON reader. Builder reads recipes with its own parser so that a duplicate
/// key is an error (a second `"size"` must not silently win) and every syntax error has a line and
/// column.
struct JSONParser {
    private let bytes: [UInt8]
    private var pos = 0
    /// Nesting limit: a recipe is a few levels deep; this only stops runaway input.
    private let maxDepth = 64

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var p = JSONParser(bytes: bytes)
        // A UTF-8 byte order mark is tolerated (some editors write one).
        if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.pos = 3 }
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.pos == p.bytes.count else { throw p.error("unexpected text after the end of the document") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private func error(_ message: String) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for b in bytes[0..<min(pos, bytes.count)] {
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipSpace() {
        while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { pos += 1 }
    }

    private mutating func expect(_ c: Character) throws {
        guard let b = current, b == c.asciiValue else {
            throw error("expected '\(c)'" + (current == nil ? " but the text ended" : ""))
        }
        pos += 1
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < maxDepth else { throw error("nested more than \(maxDepth) levels deep") }
        guard let b = current else { throw error("expected a value but the text ended") }
        switch b {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value (object, list, string, number, true, false or null)")
        }
    }

    private mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard bytes.count - pos >= w.count, Array(bytes[pos..<pos + w.count]) == w else {
            throw error("expected '\(word)'")
        }
        pos += w.count
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        pos += 1
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipSpace()
        if current == UInt8(ascii: "}") {
            pos += 1
            return .object([])
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let keyStart = pos
            let key = try string()
            guard seen.insert(key).inserted else {
                pos = keyStart
                throw error("the key \"\(key)\" appears twice in the same object")
            }
            skipSpace()
            try expect(":")
            skipSpace()
            members.append(JSONMember(key: key, value: try value(depth: depth + 1)))
            skipSpace()
            if current == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard current == UInt8(ascii: "}") else { throw error("expected ',' or '}' after an object member") }
            pos += 1
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            pos += 1
            return .array([])
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            if current == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard current == UInt8(ascii: "]") else { throw error("expected ',' or ']' after a list item") }
            pos += 1
            return .array(items)
        }
    }

    private mutating func number() throws -> String {
        let start = pos
        if current == UInt8(ascii: "-") { pos += 1 }
        func digits() -> Int {
            var n = 0
            while let b = current, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                pos += 1
                n += 1
            }
            return n
        }
        if current == UInt8(ascii: "0") {
            pos += 1
        } else if digits() == 0 {
            throw error("expected a digit")
        }
        if current == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            pos += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func string() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let b = current else { throw error("a string is not closed") }
            pos += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8")
                }
                return s
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case 0x00..<0x20:
                pos -= 1
                throw error("a control character must be escaped inside a string")
            default:
                out.append(b)
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws {
        guard let e = current else { throw error("a string is not closed") }
        pos += 1
        switch e {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            // A UTF-16 surrogate pair (RFC 8259 section 7) encodes one scalar above U+FFFF.
            if (0xD800..<0xDC00).contains(scalar) {
                guard current == UInt8(ascii: "\\") else { throw error("a lone UTF-16 surrogate in \\u escape") }
                pos += 1
                guard current == UInt8(ascii: "u") else { throw error("a lone UTF-16 surrogate in \\u escape") }
                pos += 1
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("a lone UTF-16 surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let u = Unicode.Scalar(scalar) else { throw error("a lone UTF-16 surrogate in \\u escape") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
            pos -= 1
            throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - pos >= 4 else { throw error("expected 4 hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw error("expected 4 hex digits after \\u")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }
}
