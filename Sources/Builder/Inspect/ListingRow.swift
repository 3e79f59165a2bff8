/// One line of an `ls -l`-like listing: mode, links, uid, gid, size (or major, minor), mtime in
/// UTC, name, and `-> target` for a symlink.
struct ListingRow: Equatable {
    var mode: String
    var links: String
    var uid: String
    var gid: String
    var size: String
    var mtime: String
    var name: String

    init(_ image: ExtImage, inode: ExtInode, name: [UInt8]) throws {
        mode = Self.modeString(inode.mode)
        links = String(inode.links)
        uid = String(inode.uid)
        gid = String(inode.gid)
        if inode.isDevice {
            size = "\(inode.device.major), \(inode.device.minor)"
        } else {
            size = String(inode.size)
        }
        mtime = Self.utcISO(inode.mtime.seconds)
        self.name = Self.printable(name)
        if inode.isSymlink { self.name += " -> " + Self.printable(try image.symlinkTarget(inode)) }
    }

    /// Rows with the number columns right-aligned, as ls does.
    static func format(_ rows: [ListingRow]) -> [String] {
        func width(_ k: KeyPath<ListingRow, String>) -> Int { rows.map { $0[keyPath: k].count }.max() ?? 0 }
        let (wl, wu, wg, ws) = (width(\.links), width(\.uid), width(\.gid), width(\.size))
        return rows.map { r in
            [r.mode, pad(r.links, wl), pad(r.uid, wu), pad(r.gid, wg), pad(r.size, ws), r.mtime, r.name].joined(separator: " ")
        }
    }

    static func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }

    /// `drwxr-xr-x`, with s/S and t/T for setuid, setgid and sticky, as ls shows them.
    static func modeString(_ mode: UInt16) -> String {
        let type: Character
        switch mode & 0o170000 {
        case 0o040000: type = "d"
        case 0o120000: type = "l"
        case 0o020000: type = "c"
        case 0o060000: type = "b"
        case 0o010000: type = "p"
        case 0o140000: type = "s"
        case 0o100000: type = "-"
        default: type = "?"
        }
        var s = String(type)
        let special: [(UInt16, Character, Character)] = [(0o4000, "s", "S"), (0o2000, "s", "S"), (0o1000, "t", "T")]
        for i in 0..<3 {
            let bits = (mode >> UInt16(6 - 3 * i)) & 7
            s.append(bits & 4 != 0 ? "r" : "-")
            s.append(bits & 2 != 0 ? "w" : "-")
            let (flag, lower, upper) = special[i]
            if mode & flag != 0 {
                s.append(bits & 1 != 0 ? lower : upper)
            } else {
                s.append(bits & 1 != 0 ? "x" : "-")
            }
        }
        return s
    }

    /// `2000-01-01T00:00:00Z` for seconds since the epoch (negative before 1970), by the proleptic
    /// Gregorian calendar: days are split into 400-year eras of 146097 days.
    static func utcISO(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400)
        let secs = seconds - days * 86400
        // Shift the epoch to 0000-03-01 so leap days fall at the end of a year.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { String(v).leftPadded(to: 2) }
        let y = year < 0 ? "-" + String(-year).leftPadded(to: 4) : String(year).leftPadded(to: 4)
        return "\(y)-\(two(month))-\(two(day))T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }

    /// A name for the terminal (`Name.printable`: one escaping for every message and listing).
    static func printable(_ bytes: [UInt8]) -> String { Name.printable(bytes) }
}
