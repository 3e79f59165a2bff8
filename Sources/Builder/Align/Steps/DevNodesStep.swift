/// The device nodes the guest's root filesystem needs before udev runs (facts §7.5): without an
/// initrd, or once nash's `switchroot` opens the new root's /dev/console, the kernel and init need
/// /dev/console, /dev/null and /dev/zero on the root filesystem itself, and the getty needs the Xen
/// console's node. Numbers: devices.txt (console 5:1, null 1:3, zero 1:5, ttyN 4:N, ttySN 4:64+N),
/// xvc0 204:191 (RHEL4 anaconda mk-images, RHEL5 loader devices.h), hvc0 229:0.
/// A node of the right type and numbers is left as it is (its mode is the guest's choice).
public struct DevNodesStep: AlignStep {
    public var name: String { "devnodes" }

    public init() {}

    struct Wanted: Equatable {
        var name: String
        var major: UInt32
        var minor: UInt32
        var permissions: UInt16
    }

    static let always = [
        Wanted(name: "console", major: 5, minor: 1, permissions: 0o600),
        Wanted(name: "null", major: 1, minor: 3, permissions: 0o666),
        Wanted(name: "zero", major: 1, minor: 5, permissions: 0o666),
    ]

    /// The character device of a console name, when builder knows its numbers.
    static func consoleDevice(_ name: String) -> Wanted? {
        switch name {
        case "console": return nil  // already in `always`
        case "xvc0": return Wanted(name: name, major: 204, minor: 191, permissions: 0o600)
        case "hvc0": return Wanted(name: name, major: 229, minor: 0, permissions: 0o600)
        default:
            if name.hasPrefix("ttyS"), let n = UInt32(name.dropFirst(4)), n < 192 {
                return Wanted(name: name, major: 4, minor: 64 + n, permissions: 0o600)
            }
            if name.hasPrefix("tty"), let n = UInt32(name.dropFirst(3)), n < 64 {
                return Wanted(name: name, major: 4, minor: n, permissions: 0o600)
            }
            return nil
        }
    }

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let console = ConsoleStep.console(context)
        var wanted = Self.always
        if let dev = Self.consoleDevice(console) {
            wanted.append(dev)
        } else if console != "console" {
            editor.note("no known device numbers for console '\(console)': /dev/\(console) not made")
        }
        if editor.node("/dev")?.isDirectory != true {
            try editor.makeDirectory("/dev")
        }
        var present: [String] = []
        for w in wanted {
            let path = "/dev/\(w.name)"
            let number = DeviceNumber(major: w.major, minor: w.minor)
            if case .characterDevice(let d)? = editor.node(path)?.kind, d == number {
                present.append(path)
                continue
            }
            try editor.place(
                .characterDevice(number), at: path, permissions: w.permissions,
                detail: "character device \(w.major),\(w.minor), mode \(String(w.permissions, radix: 8))")
        }
        if !present.isEmpty {
            editor.note("already there: " + present.joined(separator: ", "))
        }
    }
}
