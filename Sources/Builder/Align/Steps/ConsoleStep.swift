/// A login on the Xen console (HowTo: "The Xen-Console will work on the DomU's /dev/console, so
/// you should have a getty on it"; facts §5.4, §7.2).
///
/// The console is the recipe's, else the kernel's, else `xvc0` (what RHEL4 xenU kernels use).
/// - `console`: the HowTo's line `0:2345:respawn:/sbin/mingetty --noclear console`, before tty1.
/// - any other device (`xvc0`, `hvc0`, `ttyS0`): the line kudzu writes for a serial-like console,
///   `co:2345:respawn:/sbin/agetty <dev> 9600 vt100-nav` (kudzu `rewriteInittab`); an existing `co:`
///   line (kudzu's, for the native serial port) is replaced, since `co` is kudzu's one console id.
/// The other getty lines stay: tty1 is the HowTo's, and tty2-6 cost nothing that matters — where the
/// kernel has virtual terminals they are idle logins, and where it has none init only logs
/// "respawning too fast" and rests the entry; rc.sysinit also reads these lines to set up the ttys
/// (initscripts-7.93.35 rc.sysinit l.74-84). kudzu, which would comment them out at boot when no video
/// card is found, is switched off by the network step.
/// /etc/securetty gets the console's name so root can log in there (pam_securetty); `console`
/// stays in it.
public struct ConsoleStep: AlignStep {
    public var name: String { "console" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case noInittab
        case invalidConsole(String)

        public var description: String {
            switch self {
            case .noInittab:
                return "the guest tree has no /etc/inittab, so no getty can be set on the Xen console; "
                    + "is the source a complete CentOS 4 root filesystem?"
            case .invalidConsole(let c):
                return
                    "console '\(c)' is not a device name under /dev (like xvc0, hvc0 or console); fix \"console\" in the recipe"
            }
        }
    }

    public init() {}

    /// The console device name the guest logs in on.
    public static func console(_ context: AlignContext) -> String {
        context.settings.console ?? context.kernel?.console ?? "xvc0"
    }

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let console = Self.console(context)
        guard !console.isEmpty, console.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw Error.invalidConsole(console)
        }
        try editInittab(&editor, console)
        try editSecuretty(&editor, console)
    }

    func gettyLine(_ console: String) -> (id: String, line: String) {
        console == "console"
            ? ("0", "0:2345:respawn:/sbin/mingetty --noclear console")
            : ("co", "co:2345:respawn:/sbin/agetty \(console) 9600 vt100-nav")
    }

    func editInittab(_ editor: inout TreeEditor, _ console: String) throws {
        guard let text = try editor.readText("/etc/inittab") else { throw Error.noInittab }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let (id, wanted) = gettyLine(console)

        if let other = lines.first(where: { line in
            guard let e = InittabEntry(line), e.id != id, e.action == "respawn" else { return false }
            return e.process.split(separator: " ").dropFirst().contains {
                $0 == Substring(console) || $0 == "/dev/\(console)"
            }
        }) {
            editor.note("/etc/inittab already runs a getty on \(console) (`\(other)`): left as it is")
            return
        }
        if let i = lines.firstIndex(where: { InittabEntry($0)?.id == id }) {
            if lines[i] == wanted {
                editor.note("/etc/inittab already has a getty on \(console): nothing to do")
                return
            }
            editor.note("replaced `\(lines[i])` in /etc/inittab")
            lines[i] = wanted
        } else if let tty1 = lines.firstIndex(where: { InittabEntry($0)?.id == "1" }) {
            lines.insert(wanted, at: tty1)
        } else {
            lines.append(wanted)
        }
        try editor.writeText("/etc/inittab", lines.joined(separator: "\n") + "\n", detail: "getty on \(console)")
    }

    func editSecuretty(_ editor: inout TreeEditor, _ console: String) throws {
        guard let text = try editor.readText("/etc/securetty") else {
            editor.note("no /etc/securetty: pam_securetty lets root log in on any terminal; nothing to add")
            return
        }
        let names = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }
        guard !names.contains(console) else {
            editor.note("/etc/securetty already lists \(console)")
            return
        }
        let newText = text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + console + "\n"
        try editor.writeText("/etc/securetty", newText, detail: "root may log in on \(console)")
    }
}

/// One inittab(5) line `id:runlevels:action:process`; comments and blank lines are not entries.
struct InittabEntry: Equatable {
    var id: String
    var runlevels: String
    var action: String
    var process: String

    init?(_ line: String) {
        guard !line.hasPrefix("#") else { return nil }
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 else { return nil }
        (id, runlevels, action, process) = (parts[0], parts[1], parts[2], parts[3])
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
