extension GuestFacts {
    /// Reads what the alignment needs to know from the tree itself: /etc/redhat-release, the ELF
    /// header of /bin/sh, /boot and /lib/modules, /etc/selinux/config and /etc/fstab.
    public static func detect(_ tree: Tree) -> GuestFacts {
        var facts = GuestFacts()
        if let text = text(tree, "/etc/redhat-release"), let line = text.split(separator: "\n").first {
            let release = line.trimming(" \t\r")
            facts.release = release
            (facts.majorVersion, facts.updateLevel) = versions(of: release)
        }
        if let id = tree.resolve("/bin/sh"), let head = try? tree.bytes(of: id).prefix(20) {
            facts.architecture = architecture(ofELF: Array(head))
        }
        facts.kernels = kernels(tree)
        if let config = text(tree, "/etc/selinux/config") {
            facts.selinux = selinux(config)
        }
        if let fstab = text(tree, "/etc/fstab") {
            facts.separateBoot = fstab.split(separator: "\n").contains { line in
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return f.count >= 2 && !f[0].hasPrefix("#") && f[1] == "/boot"
            }
        }
        return facts
    }

    /// True for CentOS 4 and Red Hat Enterprise Linux 4 (the `centos4` profile's guests).
    public var isCentOS4: Bool {
        guard let release, majorVersion == 4 else { return false }
        return release.hasPrefix("CentOS") || release.hasPrefix("Red Hat Enterprise Linux")
    }

    /// "CentOS release 4.5 (Final)" → (4, 5); "Red Hat Enterprise Linux AS release 4 (Nahant Update 5)" → (4, 5).
    static func versions(of release: String) -> (Int?, Int?) {
        let words = release.split(separator: " ")
        guard let i = words.firstIndex(of: "release"), i + 1 < words.count else { return (nil, nil) }
        let numbers = words[i + 1].split(separator: ".")
        let major = numbers.first.flatMap { Int($0) }
        var update = numbers.count > 1 ? Int(numbers[1]) : nil
        if update == nil, let u = words.firstIndex(of: "Update"), u + 1 < words.count {
            update = Int(words[u + 1].trimming(")"))
        }
        return (major, update)
    }

    /// ELF class and e_machine (ELF spec: EI_CLASS at 4, e_machine at 18, little-endian on x86).
    static func architecture(ofELF b: [UInt8]) -> Architecture? {
        guard b.count >= 20, b[0] == 0x7f, b[1] == 0x45, b[2] == 0x4c, b[3] == 0x46 else { return nil }
        let machine = UInt16(b[18]) | UInt16(b[19]) << 8
        switch (b[4], machine) {
        case (1, 3): return .x86_32
        case (2, 62): return .x86_64
        default: return nil
        }
    }

    /// Versions with a /boot/vmlinuz-VERSION or a /lib/modules/VERSION folder, sorted.
    static func kernels(_ tree: Tree) -> [String] {
        var found = Set<String>()
        if let boot = tree.resolve("/boot"), let entries = tree[boot].entries {
            for name in entries.keys {
                let s = name.description
                if s.hasPrefix("vmlinuz-") { found.insert(String(s.dropFirst("vmlinuz-".count))) }
            }
        }
        if let mods = tree.resolve("/lib/modules"), let entries = tree[mods].entries {
            for (name, id) in entries where tree[id].isDirectory { found.insert(name.description) }
        }
        return found.sorted()
    }

    static func selinux(_ config: String) -> SELinuxState? {
        for line in config.split(separator: "\n") {
            let t = line.trimming(" \t\r")
            guard t.hasPrefix("SELINUX=") else { continue }
            return SELinuxState(rawValue: String(t.dropFirst("SELINUX=".count)).trimming("\"' "))
        }
        return nil
    }

    private static func text(_ tree: Tree, _ path: String) -> String? {
        guard let id = tree.resolve(path), case .regular = tree[id].kind, let b = try? tree.bytes(of: id) else { return nil }
        return String(decoding: b, as: UTF8.self)
    }
}

extension Substring {
    func trimming(_ set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    func trimming(_ set: String) -> String { self[...].trimming(set) }
}
