/// An init script as chkconfig sees it, and what `chkconfig NAME on|off` does to the runlevel
/// links, done on the tree instead of by running the guest's chkconfig.
///
/// Behaviour of chkconfig 1.3.13 as shipped with RHEL 4 (github fedora-sysv/chkconfig, tag
/// r1-3-13-5-EL4-1):
/// - the script is /etc/init.d/NAME; its `# chkconfig: <levels> <start> <stop>` line gives the
///   default levels (`-` for none) and the two priorities (leveldb.c `readServiceInfo`);
/// - `on` and `off` without `--level` change runlevels 2, 3, 4 and 5 only (chkconfig.c
///   `setService`: `where = (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5)`; chkconfig.8: "By default,
///   the on and off options affect only runlevels 2, 3, 4, and 5");
/// - for each level changed, every `rcN.d/[SK][0-9][0-9]NAME` link is removed and one link
///   `S<start>NAME` (on) or `K<stop>NAME` (off), priorities as `%02d`, pointing to
///   `../init.d/NAME` is made (leveldb.c `doSetService`);
/// - `--add` sets every level that has no link yet: S in the header's levels, K in the others
///   (chkconfig.c `addService`).
struct ChkconfigService: Equatable {
    var name: String
    /// The header's default runlevels (0-6).
    var levels: Set<Int>
    var startPriority: Int
    var stopPriority: Int

    /// The levels `on` and `off` change.
    static let onOffLevels = [2, 3, 4, 5]

    enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case missingScript(service: String)
        case noHeader(service: String, path: String)
        case noRunlevelDirectory(level: Int)

        var description: String {
            switch self {
            case .missingScript(let s):
                return "service '\(s)': there is no init script /etc/rc.d/init.d/\(s) in the guest tree; "
                    + "check the name (or install the package that provides it)"
            case .noHeader(let s, let path):
                return "service '\(s)': \(path) has no valid '# chkconfig: <levels> <start> <stop>' line, "
                    + "so chkconfig cannot manage it; enable it through the overlay or files instead"
            case .noRunlevelDirectory(let n):
                return "the guest tree has no runlevel directory /etc/rc.d/rc\(n).d; is the source a complete "
                    + "CentOS 4 root?"
            }
        }
    }

    /// Reads the init script `name` from the tree.
    static func read(_ name: String, in editor: TreeEditor) throws -> ChkconfigService {
        let candidates = ["/etc/rc.d/init.d/\(name)", "/etc/init.d/\(name)"]
        guard !name.contains("/"),
            let (path, text) = try candidates.lazy.compactMap({ p in
                try editor.readText(p).map { (p, $0) }
            }).first
        else {
            throw Error.missingScript(service: name)
        }
        guard let header = parseHeader(text) else { throw Error.noHeader(service: name, path: path) }
        return ChkconfigService(
            name: name, levels: header.levels, startPriority: header.start, stopPriority: header.stop)
    }

    /// The first `# chkconfig:` comment line: `<levels> <start> <stop>`, levels digits 0-6 or `-`.
    static func parseHeader(_ text: String) -> (levels: Set<Int>, start: Int, stop: Int)? {
        for raw in text.split(separator: "\n") {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard line.first == "#" else { continue }
            let body = line.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard body.hasPrefix("chkconfig:") else { continue }
            let fields = body.dropFirst("chkconfig:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 3, let start = Int(fields[1]), let stop = Int(fields[2]),
                (0...99).contains(start), (0...99).contains(stop)
            else { return nil }
            var levels: Set<Int> = []
            if fields[0] != "-" {
                for c in fields[0] {
                    guard let n = c.wholeNumberValue, (0...6).contains(n) else { return nil }
                    levels.insert(n)
                }
            }
            return (levels, start, stop)
        }
        return nil
    }

    /// `chkconfig --add NAME` then `chkconfig NAME on`: levels with no link get the header's
    /// default, then 2-5 start the service. (`on` alone would leave 0, 1 and 6 without a K link
    /// when the package never ran `--add`, and the service would not be stopped at halt.)
    func enable(_ editor: inout TreeEditor) throws {
        try add(&editor)
        for level in Self.onOffLevels { try set(level, on: true, &editor) }
    }

    /// `chkconfig NAME off`: K links in levels 2-5; 0, 1 and 6 are left as they are.
    func disable(_ editor: inout TreeEditor) throws {
        for level in Self.onOffLevels { try set(level, on: false, &editor) }
    }

    /// `chkconfig --add NAME` (for a script with a chkconfig header).
    func add(_ editor: inout TreeEditor) throws {
        for level in 0...6 where try links(level, editor).isEmpty {
            try set(level, on: levels.contains(level), &editor)
        }
    }

    /// Whether the service starts in `level` (an S link there).
    func isOn(_ level: Int, _ editor: TreeEditor) throws -> Bool {
        try links(level, editor).contains { $0.hasPrefix("S") }
    }

    /// `doSetService`: the level's links for this service replaced by the one wanted.
    func set(_ level: Int, on: Bool, _ editor: inout TreeEditor) throws {
        let dir = try Self.directory(level, editor)
        let wanted = String(format2: on ? "S" : "K", on ? startPriority : stopPriority) + name
        let target = Array("../init.d/\(name)".utf8)
        for link in try links(level, editor) {
            let path = "\(dir)/\(link)"
            if link == wanted, case .symlink(let t)? = editor.node(path)?.kind, t == target { continue }
            try editor.remove(path, detail: "chkconfig \(name) \(on ? "on" : "off") in runlevel \(level)")
        }
        try editor.place(
            .symlink(target), at: "\(dir)/\(wanted)", permissions: 0o777,
            detail: "-> ../init.d/\(name) (chkconfig \(name) \(on ? "on" : "off") in runlevel \(level))")
    }

    /// The names in rcN.d matching chkconfig's glob `[SK][0-9][0-9]NAME`.
    func links(_ level: Int, _ editor: TreeEditor) throws -> [String] {
        let dir = try Self.directory(level, editor)
        guard let entries = editor.node(dir)?.entries else { return [] }
        return entries.keys.map(\.description).filter { n in
            let c = Array(n)
            return c.count == name.count + 3 && (c[0] == "S" || c[0] == "K") && c[1].isASCII && c[1].isNumber
                && c[2].isASCII && c[2].isNumber && String(c[3...]) == name
        }.sorted()
    }

    /// The real runlevel directory: /etc/rc.d/rcN.d on Red Hat (/etc/rcN.d is a link to it).
    static func directory(_ level: Int, _ editor: TreeEditor) throws -> String {
        for p in ["/etc/rc.d/rc\(level).d", "/etc/rc\(level).d"] where editor.node(p)?.isDirectory == true {
            return p
        }
        throw Error.noRunlevelDirectory(level: level)
    }
}

extension String {
    /// `S55`, `K05`: a link prefix and a priority printed as chkconfig's `%02d`.
    fileprivate init(format2 prefix: String, _ n: Int) {
        self = prefix + (n < 10 ? "0\(n)" : "\(n)")
    }
}
