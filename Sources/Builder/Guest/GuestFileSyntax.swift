/// The text formats of the guest files builder writes values into, each with the rule a value
/// must meet to stay one value in that format: a newline in a kernel command line would start a
/// new `title` entry in grub.conf, a blank in a mount point would shift every field of its fstab
/// line. One validator per format; the recipe decoder checks each value against the format it
/// ends up in (an error with the JSON path, exit 2) and the steps that write the files check
/// again (values can also come from the image, such as a kernel's file name in /boot).
public enum GuestFileSyntax: String, Sendable, CaseIterable {
    /// GRUB legacy's grub.conf / menu.lst, as PyGrub reads it (tools/pygrub/src/GrubConf.py reads
    /// line by line): a value is the rest of its line (`title T`, `kernel PATH ARGS`).
    case grubMenu = "grub.conf"
    /// fstab(5): six fields separated by blanks; getmntent(3) would read `\040` escapes, which
    /// builder never writes, so a field holds no blank and no backslash, and does not start a
    /// comment with '#'.
    case fstab = "/etc/fstab"
    /// KEY=value files sourced by sh (ifcfg-*, /etc/sysconfig/network): `ShellAssignments` quotes
    /// what sh would expand, but initscripts also read these files a line at a time (grep, sed),
    /// so a value stays on one line.
    case shellAssignment = "ifcfg/sysconfig file"
    /// Debian's /etc/network/interfaces (interfaces(5)): one option a line, its values words.
    case debianInterfaces = "/etc/network/interfaces"
    /// modprobe.conf(5): `alias NAME MODULE`, `options MODULE ...`: words.
    case modprobeConf = "modprobe.conf"
    /// inittab(5): `id:runlevels:action:process`; what builder puts in the process field (a
    /// console device) is a word without ':'.
    case inittab = "/etc/inittab"
    /// hosts(5): an address and names separated by blanks; '#' starts a comment.
    case hosts = "/etc/hosts"
    /// shadow(5): fields separated by ':', one account a line.
    case shadow = "/etc/shadow"
    /// Files of one entry a line: /etc/hostname, /etc/securetty, authorized_keys, resolv.conf.
    case line = "one-entry-a-line file"

    /// Why `value` cannot be written as one value of this format, or nil when it can.
    public func problem(in value: String) -> String? {
        if let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let hex = String(bad.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let what = bad == "\n" || bad == "\r" ? "a line break" : "a control character (U+\(code))"
            return "it holds \(what), which would end or corrupt its line in \(rawValue)"
        }
        switch self {
        case .grubMenu, .shellAssignment, .line:
            return nil
        case .shadow:
            return value.contains(":") ? "it holds ':', which separates the fields of \(rawValue)" : nil
        case .fstab, .debianInterfaces, .modprobeConf, .inittab, .hosts:
            if value.isEmpty { return "it is empty, which would drop a field of \(rawValue)" }
            if value.contains(" ") { return "it holds a blank, which would split it into two fields of \(rawValue)" }
            if value.hasPrefix("#") { return "it starts with '#', which makes the rest of its line a comment in \(rawValue)" }
            if self == .fstab && value.contains("\\") { return "it holds a backslash, which getmntent(3) reads as an escape in \(rawValue)" }
            if self == .inittab && value.contains(":") { return "it holds ':', which separates the fields of \(rawValue)" }
            return nil
        }
    }

    /// Throws when `value` (described by `what`, e.g. "the kernel command line") cannot be
    /// written into `file` in this format.
    public func check(_ value: String, what: String, file: String) throws(GuestFileValueError) {
        if let reason = problem(in: value) {
            throw GuestFileValueError(file: file, what: what, value: value, reason: reason)
        }
    }
}

/// A value that would break the syntax of the guest file it goes into.
public struct GuestFileValueError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var what: String
    public var value: String
    public var reason: String

    public var description: String {
        "\(what) \(value.debugDescription) cannot be written into the guest's \(file): \(reason); builder writes nothing: change the value"
    }
}
