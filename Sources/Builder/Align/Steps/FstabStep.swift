/// Rewrites /etc/fstab to the guest's disks (HowTo, "Blockdevice mapping"): the native install
/// named its filesystems by LABEL=, UUID= or LVM volume; the guest sees `/dev/sda1`, `/dev/xvda1`...
///
/// - A disk's line keeps the native line's options, dump and pass for that mount point; the fs
///   type is the image's (they differ only when the recipe asks for another type).
/// - Swap disks take the native swap lines in order (their options kept).
/// - A native /boot line with no disk of its own becomes `#obsolete` as in the HowTo: /boot is then a
///   plain directory of the root image, holding what the source tree had there.
/// - Other native block-device lines with no guest disk are commented out under a reason line.
/// - Pseudo and network filesystems (proc, sysfs, devpts, tmpfs, `none`, nfs) stay as they are.
/// - A disk whose mount point had no line gets one (`defaults 1 2`; `1 1` for /).
/// Comments, blank lines and the order of lines are kept. Lines builder writes use anaconda's
/// columns (`%-23s %-23s %-7s %-15s %d %d`, RHEL4 anaconda fsset.py), so a second run reads its
/// own lines back and writes them unchanged.
public struct FstabStep: AlignStep {
    public var name: String { "fstab" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case noFstab
        case noRootDisk

        public var description: String {
            switch self {
            case .noFstab:
                return "the guest tree has no /etc/fstab; is the source a complete CentOS 4 root filesystem?"
            case .noRootDisk:
                return "no guest disk mounts '/', so /etc/fstab cannot name the root filesystem; "
                    + "give one disk \"mount\": \"/\" in the recipe"
            }
        }
    }

    public init() {}

    static let path = "/etc/fstab"

    /// Filesystem types that are not on a block device: kept whatever the disks are.
    static let virtualTypes: Set<String> = [
        "proc", "sysfs", "devpts", "tmpfs", "usbfs", "usbdevfs", "binfmt_misc", "rpc_pipefs", "nfsd",
        "debugfs", "securityfs", "selinuxfs", "ramfs", "hugetlbfs", "configfs", "autofs",
        "nfs", "nfs4", "cifs", "smbfs", "ncpfs", "afs", "bind",
    ]

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard let text = try editor.readText(Self.path) else { throw Error.noFstab }
        guard context.rootDisk != nil else { throw Error.noRootDisk }

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }

        var out: [String] = []
        var placed: Set<String> = []  // devices given a line
        var notes: [String] = []
        var swapDisks = context.disks.filter(\.isSwap)
        var lastBlockLine: Int?

        for line in lines {
            guard let entry = FstabEntry(line) else {
                out.append(line)
                continue
            }
            if entry.isSwap {
                if !swapDisks.isEmpty {
                    let disk = swapDisks.removeFirst()
                    out.append(
                        try FstabEntry.format("/dev/\(disk.device)", "swap", "swap", entry.options, entry.dump, entry.pass))
                    placed.insert(disk.device)
                    if entry.spec != "/dev/\(disk.device)" { notes.append("swap \(entry.spec) -> /dev/\(disk.device)") }
                } else {
                    out.append("# builder: no guest swap disk for it (was \(entry.spec))")
                    out.append("#" + line)
                    notes.append("commented out swap \(entry.spec): the guest has no swap disk for it")
                }
                lastBlockLine = out.count - 1
                continue
            }
            if Self.isVirtual(entry) {
                out.append(line)
                continue
            }
            if let disk = context.disks.first(where: { $0.mount?.description == entry.file }) {
                if placed.contains(disk.device) {
                    out.append("# builder: \(entry.file) is already mounted from /dev/\(disk.device) above")
                    out.append("#" + line)
                    notes.append("commented out a second line for \(entry.file) (\(entry.spec))")
                } else {
                    out.append(
                        try FstabEntry.format(
                            "/dev/\(disk.device)", entry.file, disk.fsType, entry.options, entry.dump, entry.pass))
                    placed.insert(disk.device)
                    if entry.spec != "/dev/\(disk.device)" {
                        notes.append("\(entry.file): \(entry.spec) -> /dev/\(disk.device)")
                    }
                    if entry.type != disk.fsType {
                        notes.append(
                            "\(entry.file): type \(entry.type) -> \(disk.fsType) (the image's); options kept: \(entry.options)"
                        )
                    }
                }
            } else if entry.file == "/boot" {
                out.append(
                    try FstabEntry.format("#obsolete", entry.file, entry.type, entry.options, entry.dump, entry.pass))
                let count = editor.node("/boot")?.entries?.count ?? 0
                notes.append(
                    "/boot had its own partition (\(entry.spec)): line marked #obsolete; /boot is now a directory of "
                        + "the root image, holding the \(count) entries the source tree has there")
            } else {
                out.append("# builder: no guest disk for \(entry.file) (was \(entry.spec))")
                out.append("#" + line)
                notes.append("commented out \(entry.file) (\(entry.spec)): the guest has no disk for it")
            }
            lastBlockLine = out.count - 1
        }

        // Disks whose mount point had no line: / goes first (before the first entry), the others
        // after the last block-device line.
        let firstEntry = out.firstIndex { FstabEntry($0) != nil } ?? out.count
        var tail: [String] = []
        for disk in context.disks where !placed.contains(disk.device) {
            if disk.isSwap {
                tail.append(try FstabEntry.format("/dev/\(disk.device)", "swap", "swap", "defaults", "0", "0"))
                notes.append("added swap /dev/\(disk.device)")
            } else if let mount = disk.mount {
                let isRoot = mount == .root
                let line = try FstabEntry.format(
                    "/dev/\(disk.device)", mount.description, disk.fsType, "defaults", "1", isRoot ? "1" : "2")
                if isRoot {
                    out.insert(line, at: firstEntry)
                    if let last = lastBlockLine, last >= firstEntry { lastBlockLine = last + 1 }
                } else {
                    tail.append(line)
                }
                notes.append("added \(mount) on /dev/\(disk.device)")
            }
        }
        out.insert(contentsOf: tail, at: lastBlockLine.map { $0 + 1 } ?? out.count)

        let newText = out.joined(separator: "\n") + "\n"
        try editor.writeText(Self.path, newText, detail: "block devices of the guest")
        if newText == text {
            editor.note("/etc/fstab already names the guest's disks: nothing to do")
        } else {
            for n in notes { editor.note(n) }
        }
    }

    static func isVirtual(_ entry: FstabEntry) -> Bool {
        virtualTypes.contains(entry.type) || entry.spec == "none" || entry.spec.contains(":")
            || entry.spec.hasPrefix("//") || entry.options.split(separator: ",").contains("bind")
    }
}

/// One line of /etc/fstab (fstab(5)): spec, mount point, type, options, dump, pass; blank and
/// `#` lines are not entries.
struct FstabEntry: Equatable {
    var spec: String
    var file: String
    var type: String
    var options: String
    var dump: String
    var pass: String

    init?(_ line: String) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#"), fields.count >= 3 else { return nil }
        spec = first
        file = fields[1]
        type = fields[2]
        options = fields.count > 3 ? fields[3] : "defaults"
        dump = fields.count > 4 ? fields[4] : "0"
        pass = fields.count > 5 ? fields[5] : "0"
    }

    var isSwap: Bool { type == "swap" }

    /// anaconda's fstab columns (`%-23s %-23s %-7s %-15s %d %d`).
    static func format(
        _ spec: String, _ file: String, _ type: String, _ options: String, _ dump: String, _ pass: String
    ) throws(GuestFileValueError) -> String {
        // Fields read from the image's lines hold no blank; a mount point from the recipe might.
        // "#obsolete" is the spec builder writes to comment a line out on purpose.
        let specs = spec == "#obsolete" ? [] : [(spec, "the device")]
        for (field, what) in specs + [(file, "the mount point"), (type, "the type"), (options, "the options"), (dump, "the dump field"), (pass, "the pass field")] {
            try GuestFileSyntax.fstab.check(field, what: what, file: "/etc/fstab")
        }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        return "\(pad(spec, 23)) \(pad(file, 23)) \(pad(type, 7)) \(pad(options, 15)) \(dump) \(pass)"
    }
}
