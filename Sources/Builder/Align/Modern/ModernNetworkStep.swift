/// The network of a pv_ops guest, kept minimal: the distribution's own configuration stays, except
/// what the recipe says.
/// - `hostname`: /etc/hostname (hostname(5), read by systemd and Debian's hostname.sh).
/// - ifupdown (Debian, Ubuntu before netplan: /etc/network/interfaces or /sbin/ifup in the tree):
///   one stanza per recipe interface, `auto ethN` + `iface ethN inet dhcp`, or `inet static` with
///   `address A/P`, `gateway` and `dns-nameservers` (interfaces(5); the last is read by resolvconf).
///   Stanzas the file had for those interfaces are replaced; the rest (lo, comments, `source`
///   lines) stays. The name is ethN: xen-netfront's kernel name. udev's predictable names may
///   rename it (systemd 250+ knows Xen's `enX0`); the report says so where the tree has them.
/// - No ifupdown: a DHCP recipe leaves the tree alone (systemd-networkd or NetworkManager do their
///   own thing); a static address is refused, as nothing in the tree would apply it.
/// No checksum, module alias or HWADDR edits: those are CentOS 4's (xennet era) problems.
public struct ModernNetworkStep: AlignStep {
    public var name: String { "network" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case staticWithoutIfupdown(index: Int)

        public var description: String {
            switch self {
            case .staticWithoutIfupdown(let i):
                return "network[\(i)].ip is a static address, but the tree has no ifupdown (/etc/network/interfaces, /sbin/ifup) for builder to write it to; "
                    + "install ifupdown in the tree, or use \"dhcp\" and configure the address with the tree's own network manager (\"files\")"
            }
        }
    }

    public init() {}

    static let interfacesPath = "/etc/network/interfaces"

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        if let hostname = context.settings.hostname {
            try GuestFileSyntax.line.check(hostname, what: "the host name", file: "/etc/hostname")
            try editor.writeText("/etc/hostname", hostname + "\n", detail: "host name \(hostname)")
        }
        let hasIfupdown = editor.exists(Self.interfacesPath) || editor.tree.resolve("/sbin/ifup") != nil
            || editor.tree.resolve("/usr/sbin/ifup") != nil
        let interfaces = context.settings.network
        guard hasIfupdown else {
            if let i = interfaces.firstIndex(where: { $0.address != .dhcp }) { throw Error.staticWithoutIfupdown(index: i) }
            editor.note("no ifupdown in the tree: its own network configuration is left as it is (the recipe asks for DHCP)")
            return
        }
        let old = try editor.readText(Self.interfacesPath) ?? ""
        let names = interfaces.indices.map { "eth\($0)" }
        var lines = Self.removingStanzas(for: Set(names), from: old)
        while lines.last == "" { lines.removeLast() }
        for (name, nic) in zip(names, interfaces) {
            lines.append("")
            lines += try Self.stanza(name, nic)
        }
        let text = lines.joined(separator: "\n") + "\n"
        try editor.writeText(Self.interfacesPath, text, detail: names.joined(separator: ", ") + " as the recipe says")
        if editor.tree.resolve("/lib/udev/rules.d/80-net-setup-link.rules") != nil
            || editor.tree.resolve("/usr/lib/udev/rules.d/80-net-setup-link.rules") != nil
        {
            editor.note("the tree's udev gives interfaces predictable names (Xen's enX0 with systemd 250+); add net.ifnames=0 to the recipe's kernel args to keep eth0")
        }
    }

    /// The interfaces(5) stanza of one interface.
    static func stanza(_ name: String, _ nic: AlignSettings.NetworkInterface) throws(GuestFileValueError) -> [String] {
        let syntax = GuestFileSyntax.debianInterfaces
        if case .ipv4(let address, _) = nic.address { try syntax.check(address, what: "the address", file: interfacesPath) }
        if let gateway = nic.gateway { try syntax.check(gateway, what: "the gateway", file: interfacesPath) }
        for server in nic.dns { try syntax.check(server, what: "the nameserver", file: interfacesPath) }
        switch nic.address {
        case .dhcp:
            return ["auto \(name)", "iface \(name) inet dhcp"]
        case .ipv4(let address, let prefix):
            var lines = ["auto \(name)", "iface \(name) inet static", "    address \(address)/\(prefix)"]
            if let gateway = nic.gateway { lines.append("    gateway \(gateway)") }
            if !nic.dns.isEmpty { lines.append("    dns-nameservers \(nic.dns.joined(separator: " "))") }
            return lines
        }
    }

    /// The file's lines without the `auto`/`allow-*` lines and `iface` stanzas of `names` (a stanza's
    /// option lines run until the next line that starts a stanza: interfaces(5)'s keywords).
    static func removingStanzas(for names: Set<String>, from text: String) -> [String] {
        let keywords: Set<String> = ["iface", "mapping", "auto", "source", "source-directory", "rename"]
        var out: [String] = []
        var skipping = false
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let first = words.first ?? ""
            let startsStanza = keywords.contains(first) || first.hasPrefix("allow-")
            if startsStanza {
                skipping = false
                if first == "iface", words.count > 1, names.contains(words[1]) {
                    skipping = true
                    continue
                }
                if first == "auto" || first.hasPrefix("allow-") {
                    let kept = words.dropFirst().filter { !names.contains($0) }
                    if kept.count != words.count - 1 {
                        if !kept.isEmpty { out.append(([first] + kept).joined(separator: " ")) }
                        continue
                    }
                }
            }
            if skipping && !first.hasPrefix("#") && !words.isEmpty { continue }
            if skipping && words.isEmpty { skipping = false }
            out.append(line)
        }
        return out
    }
}
