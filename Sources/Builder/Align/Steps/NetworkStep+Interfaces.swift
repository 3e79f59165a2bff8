extension NetworkStep {
    static let scriptsDirectory = "/etc/sysconfig/network-scripts"

    /// The keys this step owns in ifcfg-ethN; every other key (TYPE, USERCTL, MTU...) stays.
    static let addressKeys = ["IPADDR", "NETMASK", "PREFIX", "NETWORK", "BROADCAST", "GATEWAY"]

    /// ifcfg-ethN for every guest interface (N = its index): DEVICE, BOOTPROTO, the static address
    /// or none, HWADDR only when the recipe gives a MAC (ifup compares it with the upper-case MAC
    /// of the device: initscripts-7.93.35 network-functions `get_hwaddr`, ifup l.157-168), and
    /// ONBOOT=yes. Native ifcfg-ethN beyond the guest's interfaces stay, with ONBOOT=no.
    func editInterfaces(_ editor: inout TreeEditor, _ interfaces: [AlignSettings.NetworkInterface]) throws {
        for (n, iface) in interfaces.enumerated() {
            let path = "\(Self.scriptsDirectory)/ifcfg-eth\(n)"
            let existing = try editor.readText(path)
            var file = ShellAssignments(text: existing ?? "")
            try file.set("DEVICE", "eth\(n)")
            switch iface.address {
            case .dhcp:
                try file.set("BOOTPROTO", "dhcp")
                for key in Self.addressKeys { file.remove(key) }
            case .ipv4(let address, let prefix):
                try file.set("BOOTPROTO", "static")
                try file.set("IPADDR", address)
                try file.set("NETMASK", Self.netmask(prefix: prefix))
                // ifup computes network and broadcast from these (ipcalc); stale ones would win.
                for key in ["PREFIX", "NETWORK", "BROADCAST"] { file.remove(key) }
                if let gw = iface.gateway { try file.set("GATEWAY", gw) } else { file.remove("GATEWAY") }
            }
            if let mac = iface.mac { try file.set("HWADDR", mac.uppercased()) } else { file.remove("HWADDR") }
            if case .dhcp = iface.address, !iface.dns.isEmpty {
                // dhclient would replace the recipe's nameservers in /etc/resolv.conf.
                try file.set("PEERDNS", "no")
            }
            try file.set("ONBOOT", "yes")
            if existing == nil { try file.set("TYPE", "Ethernet") }
            let what = Self.describe(iface)
            try editor.writeText(path, file.text, permissions: existing == nil ? 0o644 : nil, detail: what)
        }
        for n in try nativeInterfaces(editor) where n >= interfaces.count {
            let path = "\(Self.scriptsDirectory)/ifcfg-eth\(n)"
            guard let text = try editor.readText(path) else { continue }
            var file = ShellAssignments(text: text)
            guard file.value("ONBOOT") != "no" else { continue }
            try file.set("ONBOOT", "no")
            try editor.writeText(path, file.text, detail: "ONBOOT=no")
            editor.note(
                "eth\(n) has no guest interface (the recipe has \(interfaces.count)): ifcfg-eth\(n) kept with ONBOOT=no"
            )
        }
    }

    static func describe(_ iface: AlignSettings.NetworkInterface) -> String {
        var s: String
        switch iface.address {
        case .dhcp: s = "DHCP"
        case .ipv4(let a, let p): s = "\(a)/\(p)"
        }
        if let gw = iface.gateway { s += " via \(gw)" }
        s += iface.mac.map { ", HWADDR \($0.uppercased())" } ?? ", no HWADDR"
        return s
    }

    /// The N of every ifcfg-ethN in network-scripts (not ifcfg-eth0:1 aliases or .bak copies).
    func nativeInterfaces(_ editor: TreeEditor) throws -> [Int] {
        guard let id = editor.tree.resolve(Self.scriptsDirectory), let entries = editor.tree[id].entries else {
            return []
        }
        return entries.keys.compactMap { name -> Int? in
            let s = name.description
            guard s.hasPrefix("ifcfg-eth") else { return nil }
            let digits = s.dropFirst("ifcfg-eth".count)
            return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) ? Int(digits) : nil
        }.sorted()
    }

    /// /etc/sysconfig/network: NETWORKING=yes, the recipe's HOSTNAME, and the first interface
    /// gateway as the default GATEWAY.
    func editNetworkFile(
        _ editor: inout TreeEditor, _ hostname: String?, _ interfaces: [AlignSettings.NetworkInterface]
    ) throws {
        let path = "/etc/sysconfig/network"
        let existing = try editor.readText(path)
        var file = ShellAssignments(text: existing ?? "")
        try file.set("NETWORKING", "yes")
        if let hostname {
            try file.set("HOSTNAME", hostname)
        } else if let native = file.value("HOSTNAME") {
            editor.note("the recipe gives no hostname: HOSTNAME=\(native) kept")
        }
        if let gw = interfaces.lazy.compactMap(\.gateway).first {
            try file.set("GATEWAY", gw)
        } else if let native = file.value("GATEWAY") {
            editor.note("the recipe gives no gateway: the native GATEWAY=\(native) in /etc/sysconfig/network stays")
        }
        try editor.writeText(path, file.text, detail: hostname.map { "hostname \($0)" } ?? "networking on")
    }

    /// /etc/resolv.conf: the recipe's nameservers (every interface's, in order, once each) replace
    /// the native ones; `search`, `domain` and `options` lines stay.
    func editResolvConf(_ editor: inout TreeEditor, _ interfaces: [AlignSettings.NetworkInterface]) throws {
        var servers: [String] = []
        for d in interfaces.flatMap(\.dns) where !servers.contains(d) { servers.append(d) }
        guard !servers.isEmpty else { return }
        let path = "/etc/resolv.conf"
        for server in servers { try GuestFileSyntax.hosts.check(server, what: "the nameserver", file: path) }
        let text = try editor.readText(path) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let isServer = { (l: String) in l.split(whereSeparator: { $0 == " " || $0 == "\t" }).first == "nameserver" }
        let at = lines.firstIndex(where: isServer) ?? lines.count
        let before = lines[..<at].filter { !isServer($0) }
        let after = lines[at...].filter { !isServer($0) }
        let newLines = before + servers.map { "nameserver \($0)" } + after
        try editor.writeText(
            path, newLines.joined(separator: "\n") + "\n", detail: "nameservers " + servers.joined(separator: " "))
        if servers.count > 3 {
            editor.note("glibc's resolver uses only the first 3 nameservers (MAXNS); the recipe gives \(servers.count)")
        }
    }
}
