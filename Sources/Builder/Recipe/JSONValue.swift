/// A JSON document as the recipe reader needs it (RFC 8259): object members keep their order,
/// numbers keep their text (so `4096` and `4096.0` and `1e3` can be told apart and checked), and
/// `true`/`false` are never confused with numbers.
enum JSONValue: Equatable, Sendable {
    case object([JSONMember])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// What the value is, for messages ("found a string").
    var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true/false"
        case .null: return "null"
        }
    }

    /// The value as it would appear in the recipe, shortened, for messages.
    var shortText: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .string(let s):
            let short = s.count > 40 ? String(s.prefix(40)) + "…" : s
            // A line break or control character is shown as JSON writes it (\n, \u001b), so the
            // message stays one line and sends nothing to the terminal.
            guard short.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return "\"" + short + "\"" }
            return short.debugDescription
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

struct JSONMember: Equatable, Sendable {
    var key: String
    var value: JSONValue
}

/// A JSON text that is not well formed, with the line and column (1-based, in bytes) where
/// reading stopped.
struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String

    var description: String { "line \(line), column \(column): \(message)" }
}
