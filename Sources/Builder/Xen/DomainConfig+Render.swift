/// The two renderings. Every string goes through `quoted`, so no value can end its literal early
/// or start a new line: a recipe value cannot inject config syntax.
extension DomainConfig {
    /// xm syntax: a Python file xm executes (facts §5.1), strings in single quotes.
    public func xm() throws(DomainConfigError) -> String {
        try render(quote: "'", typeLine: false)
    }

    /// xl syntax (facts §5.2): `KEY = VALUE` lines, strings in double quotes, `type = "pv"`.
    public func xl() throws(DomainConfigError) -> String {
        try render(quote: "\"", typeLine: true)
    }

    private func render(quote: Character, typeLine: Bool) throws(DomainConfigError) -> String {
        func s(_ key: String, _ value: String) throws(DomainConfigError) -> String {
            "\(key) = " + (try Self.quoted(value, with: quote, key: key))
        }
        func list(_ key: String, _ values: [String]) throws(DomainConfigError) -> String {
            var items: [String] = []
            for v in values { items.append(try Self.quoted(v, with: quote, key: key)) }
            return "\(key) = [ " + items.joined(separator: ", ") + " ]"
        }
        var lines: [String] = []
        lines.append("# Xen domain config written by builder.")
        if typeLine { lines.append(try s("type", "pv")) }
        lines.append(try s("name", name))
        lines.append(try s("uuid", uuid))
        lines.append("memory = \(memory)")
        lines.append("vcpus = \(vcpus)")
        switch boot {
        case .pygrub:
            lines.append(try s("bootloader", "pygrub"))
        case .direct(let kernel, let ramdisk, let root, let extra):
            lines.append(try s("kernel", kernel))
            if let ramdisk { lines.append(try s("ramdisk", ramdisk)) }
            // xl ignores root= and extra= when cmdline= is set; xm knows only root= and extra=.
            if typeLine {
                lines.append(try s("cmdline", (["root=" + root] + (extra.isEmpty ? [] : [extra])).joined(separator: " ")))
            } else {
                lines.append(try s("root", root))
                if !extra.isEmpty { lines.append(try s("extra", extra)) }
            }
        }
        lines.append(try list("disk", disks.map { typeLine ? $0.xl : $0.xm }))
        lines.append(try list("vif", vifs))
        lines.append(try s("on_poweroff", onPoweroff))
        lines.append(try s("on_reboot", onReboot))
        lines.append(try s("on_crash", onCrash))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `value` between `quote`s with backslash and the quote escaped by a backslash, which both
    /// Python's string literals and libxlutil's lexer read back as the character itself. Anything
    /// outside printable ASCII is refused: a newline would end the line, and Xen 3's Python 2
    /// refuses non-ASCII bytes in a file without a coding line.
    static func quoted(_ value: String, with quote: Character, key: String) throws(DomainConfigError) -> String {
        var out = String(quote)
        for u in value.unicodeScalars {
            guard u.value >= 0x20, u.value < 0x7F else { throw .unsafeValue(key: key, value: value) }
            if u == "\\" || Character(u) == quote { out += "\\" }
            out.unicodeScalars.append(u)
        }
        out.append(quote)
        return out
    }
}
