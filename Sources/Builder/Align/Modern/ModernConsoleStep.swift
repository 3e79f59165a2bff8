/// A login on the pv_ops Xen console, hvc0 (xen-in-qemu.md: "a getty on hvc0 shows the login
/// prompt"), for the init the tree has:
/// - systemd (its `serial-getty@.service` unit is in the tree): the instance enabled as
///   `systemctl enable serial-getty@hvc0.service` would, by the link
///   /etc/systemd/system/getty.target.wants/serial-getty@hvc0.service -> the unit (the template's
///   [Install] section says WantedBy=getty.target). systemd's getty generator would start one too
///   when hvc0 exists at boot; the link makes the login not depend on that.
/// - sysvinit (/etc/inittab): a respawn line `hvc0:2345:respawn:/sbin/getty 38400 hvc0` (the
///   format of Debian's own lines; inittab ids may have four characters), unless a line already
///   runs a getty on hvc0.
/// Both when the tree has both. /etc/securetty, when the tree has one, lists hvc0 so root may log
/// in there (pam_securetty). The console is the recipe's `console`, else the kernel's (hvc0).
public struct ModernConsoleStep: AlignStep {
    public var name: String { "console" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case noInit
        case invalidConsole(String)

        public var description: String {
            switch self {
            case .noInit:
                return "the tree has neither systemd (lib/systemd/system/serial-getty@.service) nor sysvinit (/etc/inittab), so no getty "
                    + "can be set on the Xen console and the guest would not boot to a login; install an init in the tree (Debian: debootstrap --include=systemd-sysv)"
            case .invalidConsole(let c):
                return "console '\(c)' is not a device name under /dev (like hvc0); fix \"console\" in the recipe"
            }
        }
    }

    public init() {}

    /// Where systemd keeps units a package ships (Debian before the /usr merge, then everyone).
    static let unitFolders = ["/lib/systemd/system", "/usr/lib/systemd/system"]
    static let wantsFolder = "/etc/systemd/system/getty.target.wants"

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let console = context.settings.console ?? context.kernel?.console ?? "hvc0"
        guard !console.isEmpty, console.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw Error.invalidConsole(console)
        }
        let unit = Self.unitFolders.map { $0 + "/serial-getty@.service" }.first { path in
            editor.tree.resolve(path).map { if case .regular = editor.tree[$0].kind { true } else { false } } == true
        }
        let hasInittab = try editor.readText("/etc/inittab") != nil
        guard unit != nil || hasInittab else { throw Error.noInit }
        if let unit { try enableSystemdGetty(&editor, console, unit: unit) }
        if hasInittab { try editInittab(&editor, console) }
        try ConsoleStep().editSecuretty(&editor, console)
    }

    func enableSystemdGetty(_ editor: inout TreeEditor, _ console: String, unit: String) throws {
        let link = "\(Self.wantsFolder)/serial-getty@\(console).service"
        let target = Array(unit.utf8)
        if let node = editor.node(link), case .symlink(let existing) = node.kind, existing == target {
            editor.note("serial-getty@\(console).service is already enabled")
            return
        }
        try editor.makeDirectory(Self.wantsFolder)
        try editor.place(
            .symlink(target), at: link, permissions: 0o777,
            detail: "getty on \(console), as systemctl enable serial-getty@\(console).service makes it")
    }

    func editInittab(_ editor: inout TreeEditor, _ console: String) throws {
        guard let text = try editor.readText("/etc/inittab") else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let existing = lines.first(where: { line in
            guard let e = InittabEntry(line), e.action == "respawn" else { return false }
            return e.process.split(separator: " ").dropFirst().contains { $0 == Substring(console) || $0 == "/dev/\(console)" }
        }) {
            editor.note("/etc/inittab already runs a getty on \(console) (`\(existing)`)")
            return
        }
        let id = String(console.suffix(4))
        lines.append("\(id):2345:respawn:/sbin/getty 38400 \(console)")
        try editor.writeText("/etc/inittab", lines.joined(separator: "\n") + "\n", detail: "getty on \(console)")
    }
}
