/// A file of shell variable assignments as Red Hat's initscripts source them
/// (/etc/sysconfig/network, ifcfg-ethN, /etc/selinux/config): one `KEY=value` a line. Edits touch
/// only the assignments they name; comments, blank lines and everything else stay as they were.
struct ShellAssignments: Equatable {
    private(set) var lines: [String]
    private var endsWithNewline: Bool

    init(text: String) {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        endsWithNewline = text.isEmpty || text.hasSuffix("\n")
        if endsWithNewline { parts.removeLast() }
        lines = parts
    }

    var text: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// The value `sh` would see after sourcing the file: the last assignment, quotes removed.
    func value(_ key: String) -> String? {
        lines.last { Self.key(of: $0) == key }.map(Self.value(of:))
    }

    /// Sets `key`: the first assignment is rewritten in place, later ones dropped (so the file
    /// says it once); a missing key is appended. A value that cannot stay on its line
    /// (`GuestFileSyntax.shellAssignment`) is refused, never written.
    mutating func set(_ key: String, _ value: String) throws(GuestFileValueError) {
        try GuestFileSyntax.shellAssignment.check(value, what: key, file: GuestFileSyntax.shellAssignment.rawValue)
        let line = "\(key)=\(Self.quoted(value))"
        guard let first = lines.firstIndex(where: { Self.key(of: $0) == key }) else {
            lines.append(line)
            endsWithNewline = true
            return
        }
        lines[first] = line
        lines = lines.enumerated().filter { $0.offset <= first || Self.key(of: $0.element) != key }.map(\.element)
    }

    mutating func remove(_ key: String) {
        lines.removeAll { Self.key(of: $0) == key }
    }

    /// The variable a line assigns (`KEY=...`, leading blanks and `export ` allowed), or nil.
    static func key(of line: String) -> String? {
        var s = Substring(line).drop { $0 == " " || $0 == "\t" }
        if s.hasPrefix("export ") { s = s.dropFirst("export ".count).drop { $0 == " " } }
        guard let eq = s.firstIndex(of: "="), eq != s.startIndex else { return nil }
        let name = s[..<eq]
        let valid = name.allSatisfy { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard valid, name.first?.isNumber == false else { return nil }
        return String(name)
    }

    static func value(of line: String) -> String {
        guard let eq = line.firstIndex(of: "=") else { return "" }
        var v = line[line.index(after: eq)...]
        while let last = v.last, last == " " || last == "\t" || last == "\r" { v.removeLast() }
        if v.count >= 2, let q = v.first, q == "\"" || q == "'", v.last == q {
            v = v.dropFirst().dropLast()
        }
        return String(v)
    }

    /// Plain words are written bare (as anaconda writes ifcfg files); anything a shell would split
    /// or expand is double-quoted.
    static func quoted(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.allSatisfy { c in
                c.isASCII && (c.isLetter || c.isNumber || "._:/-+@,%".contains(c))
            }
        if plain { return value }
        var out = "\""
        for c in value {
            if "\"\\$`".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}
