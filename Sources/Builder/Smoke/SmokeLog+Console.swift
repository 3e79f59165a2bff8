extension SmokeLog {
    /// The guest console's lines as a person reads them: terminal control sequences removed (ECMA-48
    /// CSI sequences and two-byte escapes such as systemd's reverse index, ESC M), other control
    /// characters dropped, and a run of lines that differ only in digits and spinner stars (systemd's
    /// "[ ***] Job dev-xvdb1.device/start running (1min 22s / 1min 30s)", redrawn twice a second)
    /// kept as its last line.
    public static func readable(_ lines: [String]) -> [String] {
        var out: [String] = []
        var lastKey: String?
        for line in lines {
            let plain = withoutControls(line)
            var key = String.UnicodeScalarView()
            key.append(contentsOf: plain.unicodeScalars.filter { !("0"..."9").contains($0) && $0 != "*" && $0 != " " })
            if String(key) == lastKey, !key.isEmpty, !out.isEmpty {
                out[out.count - 1] = plain
            } else {
                out.append(plain)
            }
            lastKey = String(key)
        }
        return out
    }

    /// `text` without ESC sequences and control characters (tabs stay).
    static func withoutControls(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if s == "\u{1B}" {
                guard let next = scalars.next() else { break }
                guard next == "[" else { continue }
                // CSI: parameters and intermediates (0x20-0x3F) up to a final byte (0x40-0x7E).
                // systemd ellipsizes long lines inside a sequence ("\e[0;1;…dev-xvdb1"): any other
                // character ends it and stays.
                while let c = scalars.next() {
                    if (0x20...0x3F).contains(c.value) { continue }
                    if !(0x40...0x7E).contains(c.value), c.value >= 0x20 { out.append(c) }
                    break
                }
                continue
            }
            if s.value < 0x20 && s != "\t" || s.value == 0x7F { continue }
            out.append(s)
        }
        return String(out)
    }
}
