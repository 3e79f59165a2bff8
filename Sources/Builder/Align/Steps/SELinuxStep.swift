/// SELinux labels of the files builder wrote are missing or stale (HowTo: "restore the contexts
/// of the files you replaced or created ... or let CentOS relabel the whole system").
///
/// From /etc/selinux/config (`SELINUX=`): when SELinux is on (enforcing or permissive) the
/// default is `relabel`: an empty /.autorelabel, which RHEL4's rc.sysinit sees at boot and runs
/// `fixfiles -F relabel` (initscripts-7.93.35 rc.sysinit l.32-72; facts §7.4). `keep` changes
/// nothing; `disable` writes SELINUX=disabled. With SELinux off or absent there is nothing to do.
public struct SELinuxStep: AlignStep {
    public var name: String { "selinux" }

    public init() {}

    static let config = "/etc/selinux/config"

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard let text = try editor.readText(Self.config) else {
            editor.note("no /etc/selinux/config: SELinux is not set up in the guest, nothing to do")
            return
        }
        var file = ShellAssignments(text: text)
        let state = file.value("SELINUX")?.lowercased() ?? "disabled"
        guard state == "enforcing" || state == "permissive" else {
            editor.note("SELinux is \(state) in /etc/selinux/config: nothing to do")
            return
        }
        switch context.settings.selinux ?? .relabel {
        case .relabel:
            if editor.node("/.autorelabel") != nil {
                editor.note("/.autorelabel is already there: the guest relabels itself at first boot")
            } else {
                try editor.write(
                    "/.autorelabel", [], permissions: 0o644, owner: (0, 0), detail: "relabel at first boot")
            }
        case .keep:
            editor.note(
                "SELinux \(state), labels kept (recipe): files builder wrote have no label until "
                    + "`restorecon` or a relabel")
        case .disable:
            try file.set("SELINUX", "disabled")
            try editor.writeText(Self.config, file.text, detail: "SELINUX=disabled (was \(state))")
        }
    }
}
