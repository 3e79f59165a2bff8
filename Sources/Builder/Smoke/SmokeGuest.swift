/// A baked guest as the smoke boot needs it: its name, the folder its xl config expects the images
/// in, and the config's path in dom0 once the guest disk is mounted there.
public struct SmokeGuest: Sendable, Equatable {
    public var name: String
    /// The config's `<imageDir>`: its disks are `<imageDir>/<name>/<device>.img`.
    public var imageDir: String
    /// The xl config's file name in the guest folder ("<name>.xl.cfg").
    public var configFile: String

    public init(name: String, imageDir: String, configFile: String) {
        self.name = name
        self.imageDir = imageDir
        self.configFile = configFile
    }

    /// Where dom0 finds the config: the guest disk is mounted at `imageDir`, the folder is `<name>`.
    public var configInDom0: String { imageDir + "/" + name + "/" + configFile }

    /// Reads the name and the image folder from an xl config builder wrote (`name = "..."`,
    /// `disk = [ "file:<imageDir>/<name>/<device>.img,<vdev>,w", ... ]`).
    public static func parse(xlConfig text: String, file: String) throws(SmokeError) -> SmokeGuest {
        var name: String?
        var diskTargets: [String] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("#") { continue }
            let key = line.prefix { $0 != " " && $0 != "=" }
            let strings = quotedStrings(line)
            if key == "name" { name = strings.first }
            if key == "disk" { diskTargets = strings.map(target) }
        }
        guard let name, !name.isEmpty else {
            throw .notAGuestFolder(file, reason: "its config names no guest (name = ...)")
        }
        guard let first = diskTargets.first else { throw .notAGuestFolder(file, reason: "its config names no disk") }
        var parts = first.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard first.hasPrefix("/"), parts.count >= 4, parts[parts.count - 2] == name else {
            throw .notAGuestFolder(file, reason: "its disk '\(first)' is not <imageDir>/\(name)/<device>.img")
        }
        parts.removeLast(2)
        return SmokeGuest(name: name, imageDir: parts.joined(separator: "/"), configFile: file)
    }

    /// The path in a disk spec: the legacy "file:PATH,vdev,mode" or the key=value "target=PATH".
    static func target(_ spec: String) -> String {
        let fields = spec.split(separator: ",").map { $0.drop { $0 == " " } }
        if let t = fields.first(where: { $0.hasPrefix("target=") }) { return String(t.dropFirst("target=".count)) }
        guard var path = fields.first else { return "" }
        for prefix in ["file:", "phy:", "tap:aio:", "aio:"] where path.hasPrefix(prefix) {
            path = path.dropFirst(prefix.count)
        }
        return String(path)
    }

    /// The strings between double or single quotes on a line, with backslash escapes undone.
    static func quotedStrings(_ line: Substring) -> [String] {
        var out: [String] = []
        var current: String?
        var quote: Character = "\""
        var escaped = false
        for c in line {
            if var s = current {
                if escaped {
                    s.append(c)
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == quote {
                    out.append(s)
                    current = nil
                    continue
                } else {
                    s.append(c)
                }
                current = s
            } else if c == "\"" || c == "'" {
                quote = c
                current = ""
            }
        }
        return out
    }
}
