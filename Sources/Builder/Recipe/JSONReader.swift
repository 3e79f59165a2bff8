/// A JSON value together with its JSON path (`disks[1].size`), so every message can say where.
struct JSONField {
    var value: JSONValue
    var path: String

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    func item(_ index: Int) -> String { "\(path)[\(index)]" }

    func wrongType(_ expected: String, _ issues: inout [RecipeIssue]) {
        issues.append(RecipeIssue(path, "found \(value.shortText); expected \(expected)"))
    }

    func string(_ issues: inout [RecipeIssue]) -> String? {
        if case .string(let s) = value { return s }
        wrongType("a string", &issues)
        return nil
    }

    func bool(_ issues: inout [RecipeIssue]) -> Bool? {
        if case .bool(let b) = value { return b }
        wrongType("true or false", &issues)
        return nil
    }

    /// A whole number in `range`. Like JSON Schema's "integer", a number with a zero fraction or an
    /// exponent (`4096.0`, `4.096e3`, what some JSON writers make of a float) counts as one.
    func integer(in range: ClosedRange<UInt64>, _ issues: inout [RecipeIssue]) -> UInt64? {
        guard case .number(let text) = value else {
            wrongType("a whole number", &issues)
            return nil
        }
        guard let n = JSONField.wholeNumber(text) else {
            issues.append(RecipeIssue(path, "found \(text); expected a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return nil
        }
        guard range.contains(n) else {
            issues.append(RecipeIssue(path, "found \(n); allowed: \(range.lowerBound) to \(range.upperBound)"))
            return nil
        }
        return n
    }

    /// A JSON number's text as a whole number, nil for a fraction or a negative number. As JSON
    /// Schema's "integer" has it, `4096.0` and `4.096e3` are whole numbers too (up to 2^53, where a
    /// double stops holding every whole number exactly); plain digits are read to 2^64 - 1.
    static func wholeNumber(_ text: String) -> UInt64? {
        if let n = UInt64(text) { return n }
        guard let d = Double(text), d >= 0, d <= 9_007_199_254_740_992, d.rounded(.towardZero) == d else { return nil }
        return UInt64(d)
    }

    func list(_ issues: inout [RecipeIssue]) -> [JSONField]? {
        guard case .array(let items) = value else {
            wrongType("a list", &issues)
            return nil
        }
        return items.enumerated().map { JSONField(value: $1, path: item($0)) }
    }
}

/// Reads the members of one JSON object, remembering which keys were used so that every key left
/// over can be reported as unknown (a typo must not be ignored).
struct ObjectReader {
    let path: String
    private let members: [JSONMember]
    private var used: Set<String> = []

    init?(_ field: JSONField, _ issues: inout [RecipeIssue]) {
        guard case .object(let m) = field.value else {
            field.wrongType("an object", &issues)
            return nil
        }
        path = field.path
        members = m
    }

    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// The member `key`, if present; it counts as known from now on.
    mutating func field(_ key: String) -> JSONField? {
        used.insert(key)
        guard let m = members.first(where: { $0.key == key }) else { return nil }
        return JSONField(value: m.value, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The member `key`, or an issue saying it is required.
    mutating func required(_ key: String, _ what: String, _ issues: inout [RecipeIssue]) -> JSONField? {
        if let f = field(key) { return f }
        issues.append(RecipeIssue(path, "the key \"\(key)\" is missing; it is required (\(what))"))
        return nil
    }

    /// Marks `key` as handled without reading it (for keys reported elsewhere).
    mutating func skip(_ key: String) { used.insert(key) }

    /// Reports every key not asked for, naming the keys allowed here.
    func reportUnknownKeys(allowed: [String], _ issues: inout [RecipeIssue]) {
        for m in members where !used.contains(m.key) {
            let where_ = path.isEmpty ? m.key : "\(path).\(m.key)"
            var text = "unknown key \"\(m.key)\"; allowed here: " + allowed.joined(separator: ", ")
            if let near = allowed.first(where: { Self.isNearMiss(m.key, $0) }) { text += " (did you mean \"\(near)\"?)" }
            issues.append(RecipeIssue(where_, text))
        }
    }

    /// True when `a` is `b` with different case or at most two edits (a likely typo).
    static func isNearMiss(_ a: String, _ b: String) -> Bool {
        if a.lowercased() == b.lowercased() { return true }
        let x = Array(a.lowercased().utf8)
        let y = Array(b.lowercased().utf8)
        guard abs(x.count - y.count) <= 2, !x.isEmpty, !y.isEmpty else { return false }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var next = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            row = next
        }
        return row[y.count] <= 2 && y.count > 2
    }
}
