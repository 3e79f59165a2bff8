/// The /lib/tls problem of 32-bit Xen guests (facts §6): NPTL's TLS code in /lib/tls uses
/// negative `%gs` offsets that Xen must emulate, slowly, printing the "4gb seg fixup" warning.
///
/// - `fix` (default): /lib/tls moved to /lib/tls.disabled and an empty /lib/tls made — the kernel's
///   own advice (`mv /lib/tls /lib/tls.disabled`) as xen-tools does it for CentOS 4
///   (hooks/common/10-disable-tls). ld.so then uses the LinuxThreads libraries in /lib and /lib/i686.
/// - `keep`: nothing moved.
/// - `rpms`: the lead installs the recipe's Xen-friendly glibc RPMs before the steps; nothing moved.
/// In every 32-bit case /etc/ld.so.conf.d/kernelcap-<version>.conf says `hwcap 0 nosegneg`, as the
/// kernel-xenU RPM ships it (mode 0444, named after the kernel version without its `xenU` suffix:
/// RHEL4 kernel spec, `%files xenU`), so that ldconfig caches any `nosegneg` libraries.
/// x86_64 guests are not affected.
public struct TLSStep: AlignStep {
    public var name: String { "tls" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case noKernel
        case notADirectory(String)

        public var description: String {
            switch self {
            case .noKernel:
                return "no DomU kernel was chosen before the tls step, so the kernelcap file cannot be named; "
                    + "the kernel step must run first"
            case .notADirectory(let p):
                return "\(p) in the guest tree is not a directory, so /lib/tls cannot be moved aside; "
                    + "remove it (recipe \"remove\") or choose \"tls\": \"keep\""
            }
        }
    }

    public init() {}

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard context.facts.architecture != .x86_64 else {
            editor.note("not needed on x86_64: the /lib/tls problem is one of 32-bit guests")
            return
        }
        if context.facts.architecture == nil {
            editor.note("the guest's architecture is unknown: treated as 32-bit")
        }
        switch context.settings.tls {
        case .fix: try disableTLS(&editor)
        case .keep:
            editor.note("/lib/tls kept (recipe): 32-bit programs using it run with Xen's slow segment emulation")
        case .rpms(let rpms):
            editor.note("/lib/tls kept: the Xen-friendly glibc RPMs (\(rpms.count)) are installed instead")
        }
        try writeKernelcap(&editor, context.kernel)
    }

    func disableTLS(_ editor: inout TreeEditor) throws {
        let tls = editor.node("/lib/tls")
        let disabled = editor.node("/lib/tls.disabled")
        guard let tls else {
            if disabled != nil {
                try editor.makeDirectory("/lib/tls")
            } else {
                editor.note("the guest has no /lib/tls: nothing to move")
            }
            return
        }
        guard tls.isDirectory else { throw Error.notADirectory("/lib/tls") }
        if tls.entries?.isEmpty == true {
            editor.note(
                disabled != nil
                    ? "/lib/tls is already moved aside to /lib/tls.disabled" : "/lib/tls is empty: nothing to move")
            return
        }
        if let disabled, !disabled.isDirectory { throw Error.notADirectory("/lib/tls.disabled") }
        if disabled != nil {
            editor.note("/lib/tls has libraries again (a glibc update?): they replace the older /lib/tls.disabled")
            try editor.remove("/lib/tls.disabled", detail: "older copy of /lib/tls")
        }
        try editor.move("/lib/tls", to: "/lib/tls.disabled")
        try editor.makeDirectory("/lib/tls", permissions: tls.permissions)
    }

    /// The kernel-xenU RPM's `kernelcap-<version>.conf`; written when missing or different.
    func writeKernelcap(_ editor: inout TreeEditor, _ kernel: GuestKernel?) throws {
        guard let kernel else { throw Error.noKernel }
        let path = "/etc/ld.so.conf.d/kernelcap-\(Self.packageVersion(kernel.version)).conf"
        if let text = try editor.readText(path),
            text.split(separator: "\n").contains(where: { $0.split(separator: " ") == ["hwcap", "0", "nosegneg"] })
        {
            editor.note("\(path) already has `hwcap 0 nosegneg`")
            return
        }
        let text = """
            # builder: Xen guest kernels tell ld.so to look in nosegneg directories; this line makes
            # ldconfig cache the libraries there (as the kernel-xenU package ships it).
            hwcap 0 nosegneg

            """
        try editor.writeText(path, text, permissions: 0o444, owner: (0, 0), detail: "hwcap 0 nosegneg")
        editor.note(
            "ld.so.cache takes the nosegneg line at the guest's next ldconfig run (any glibc or library RPM update)")
    }

    /// `2.6.9-55.ELxenU` → `2.6.9-55.EL`: the RPM's `%{KVERREL}`, the name without the flavour.
    static func packageVersion(_ version: String) -> String {
        for flavour in ["xenU", "xen0", "xen"] where version.hasSuffix(flavour) && version.count > flavour.count {
            return String(version.dropLast(flavour.count))
        }
        return version
    }
}
