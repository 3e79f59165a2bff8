/// Decoding of the recipe keys that steer the Xen alignment (`AlignSettings`).
extension Recipe {
    static let alignKeys = [
        "hypervisor", "kernel", "console", "selinux", "tls", "txChecksumOff", "network", "hostname",
        "files", "overlay", "remove", "services", "rootPassword", "sshKeys", "memory", "vcpus",
    ]
    /// The keys that only mean something when the tree is aligned to Xen (customisations apply
    /// with every profile).
    static let xenOnlyKeys = ["hypervisor", "kernel", "console", "selinux", "tls", "txChecksumOff", "network", "hostname", "memory", "vcpus"]
    static let kernelKeys = ["boot", "rpm", "image", "version", "args", "preload"]
    static let interfaceKeys = ["ip", "gateway", "dns", "mac", "bridge"]
    static let fileKeys = ["path", "content", "source", "mode", "owner"]
    static let tlsKeys = ["rpms"]
    static let serviceKeys = ["enable", "disable"]

    static func decodeAlign(_ top: inout ObjectReader, base: String, _ issues: inout [RecipeIssue]) -> AlignSettings? {
        let before = issues.count
        var a = AlignSettings()
        if let f = top.field("hypervisor") { a.hypervisor = decodeCapabilities(f, &issues) ?? a.hypervisor }
        if let f = top.field("kernel") { a.kernel = decodeKernel(f, base: base, &issues) ?? a.kernel }
        if let f = top.field("console") { a.console = decodeWord(f, what: "a console device name such as \"xvc0\", \"hvc0\" or \"console\"", &issues) }
        if let f = top.field("selinux") { a.selinux = decodeChoice(f, AlignSettings.SELinuxMode.self, &issues) }
        if let f = top.field("tls") { a.tls = decodeTLS(f, base: base, &issues) ?? a.tls }
        if let f = top.field("txChecksumOff") { a.txChecksumOff = f.bool(&issues) ?? a.txChecksumOff }
        if let f = top.field("network") { a.network = decodeNetwork(f, &issues) ?? a.network }
        if let f = top.field("hostname") { a.hostname = decodeHostname(f, &issues) }
        if let f = top.field("files") { a.customisation.files = decodeFiles(f, base: base, &issues) ?? [] }
        if let f = top.field("overlay") { a.customisation.overlay = decodeHostPath(f, base: base, &issues) }
        if let f = top.field("remove") { a.customisation.remove = decodeGuestPaths(f, &issues) ?? [] }
        if let f = top.field("services") { decodeServices(f, into: &a.customisation, &issues) }
        if let f = top.field("rootPassword") { a.customisation.rootPasswordHash = decodePasswordHash(f, &issues) }
        if let f = top.field("sshKeys") { a.customisation.sshAuthorizedKeys = decodeLines(f, in: .line, what: "one public key as authorized_keys holds it", &issues) ?? [] }
        if let f = top.field("memory") { a.memory = decodeCount(f, in: 16...1_048_576, what: "the domain's memory in MiB, e.g. 256", &issues) ?? a.memory }
        if let f = top.field("vcpus") { a.vcpus = decodeCount(f, in: 1...128, what: "the number of virtual CPUs, e.g. 1", &issues) ?? a.vcpus }
        return issues.count == before ? a : nil
    }

    static func decodeCount(_ f: JSONField, in range: ClosedRange<Int>, what: String, _ issues: inout [RecipeIssue]) -> Int? {
        if case .number(let text) = f.value, let w = JSONField.wholeNumber(text), w <= UInt64(Int.max), range.contains(Int(w)) {
            return Int(w)
        }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected \(what) (\(range.lowerBound) to \(range.upperBound))"))
        return nil
    }

    /// "xen-3.0-x86_64 xen-3.0-x86_32p" (as /sys/hypervisor/properties/capabilities prints it)
    /// or a list of those words.
    static func decodeCapabilities(_ f: JSONField, _ issues: inout [RecipeIssue]) -> [String]? {
        var words: [String]
        if case .string(let s) = f.value {
            words = s.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        } else if let list = decodeStrings(f, &issues) {
            words = list
        } else {
            return nil
        }
        let known = ["xen-3.0-x86_32", "xen-3.0-x86_32p", "xen-3.0-x86_64"]
        words = words.filter { !$0.hasPrefix("hvm-") }
        guard !words.isEmpty, words.allSatisfy(known.contains) else {
            issues.append(RecipeIssue(f.path, "found \(f.value.shortText); allowed: the hypervisor's PV capabilities, any of \(known.joined(separator: ", ")) (see /sys/hypervisor/properties/capabilities on the Xen host)"))
            return nil
        }
        return words
    }

    static func decodeKernel(_ f: JSONField, base: String, _ issues: inout [RecipeIssue]) -> AlignSettings.KernelSettings? {
        guard var obj = ObjectReader(f, &issues) else { return nil }
        var k = AlignSettings.KernelSettings()
        if let b = obj.field("boot") { k.boot = decodeChoice(b, AlignSettings.KernelSettings.Boot.self, &issues) ?? k.boot }
        if let r = obj.field("rpm") { k.rpm = decodeHostPath(r, base: base, &issues) }
        if let i = obj.field("image") { k.image = decodeHostPath(i, base: base, &issues) }
        if let v = obj.field("version") { k.version = decodeWord(v, what: "a kernel version as uname -r prints it, e.g. \"2.6.9-55.ELxenU\"", &issues) }
        if let a = obj.field("args") { k.args = decodeKernelArgs(a, &issues) ?? "" }
        if let p = obj.field("preload") {
            // Module names: mkinitrd's --preload list, written into the initrd's init script.
            k.preload = (p.list(&issues) ?? []).compactMap { decodeWord($0, what: "a kernel module name, e.g. \"xenblk\"", &issues) }
        }
        obj.reportUnknownKeys(allowed: kernelKeys, &issues)
        if k.boot == .static && k.image == nil {
            issues.append(RecipeIssue(f.child("image"), "a static kernel needs \"image\": the kernel file with xenblk and xennet built in"))
        }
        if k.rpm != nil && k.image != nil {
            issues.append(RecipeIssue(f.path, "both \"rpm\" and \"image\" given; give one kernel source"))
        }
        return k
    }

    static func decodeTLS(_ f: JSONField, base: String, _ issues: inout [RecipeIssue]) -> AlignSettings.TLSMode? {
        if case .string(let s) = f.value {
            switch s {
            case "fix": return .fix
            case "keep": return .keep
            default: break
            }
        } else if case .object = f.value, var obj = ObjectReader(f, &issues) {
            let rpms = obj.required("rpms", "the Xen-friendly glibc RPMs", &issues)
            obj.reportUnknownKeys(allowed: tlsKeys, &issues)
            guard let rpms, let items = rpms.list(&issues) else { return nil }
            let paths = items.compactMap { decodeHostPath($0, base: base, &issues) }
            return paths.count == items.count ? .rpms(paths) : nil
        }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); allowed: \"fix\" (move /lib/tls aside), \"keep\", or {\"rpms\": [FILE, ...]} (Xen-friendly glibc packages)"))
        return nil
    }

    static func decodeNetwork(_ f: JSONField, _ issues: inout [RecipeIssue]) -> [AlignSettings.NetworkInterface]? {
        guard let items = f.list(&issues) else { return nil }
        var out: [AlignSettings.NetworkInterface] = []
        for item in items {
            guard var obj = ObjectReader(item, &issues) else { continue }
            var nic = AlignSettings.NetworkInterface()
            if let ip = obj.field("ip") { nic.address = decodeAddress(ip, &issues) ?? .dhcp }
            if let g = obj.field("gateway") { nic.gateway = decodeIPv4(g, &issues) }
            if let d = obj.field("dns") { nic.dns = (d.list(&issues) ?? []).compactMap { decodeIPv4($0, &issues) } }
            if let m = obj.field("mac") { nic.mac = decodeMAC(m, &issues) }
            if let b = obj.field("bridge") { nic.bridge = decodeWord(b, what: "a bridge name such as \"xenbr0\"", &issues) }
            obj.reportUnknownKeys(allowed: interfaceKeys, &issues)
            out.append(nic)
        }
        return out
    }

    static func decodeAddress(_ f: JSONField, _ issues: inout [RecipeIssue]) -> AlignSettings.NetworkInterface.Address? {
        guard let s = f.string(&issues) else { return nil }
        if s == "dhcp" { return .dhcp }
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, isIPv4(String(parts[0])), let prefix = Int(parts[1]), (1...32).contains(prefix) {
            return .ipv4(address: String(parts[0]), prefix: prefix)
        }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); allowed: \"dhcp\" or an IPv4 address with its prefix length, e.g. \"192.168.1.10/24\""))
        return nil
    }

    static func decodeIPv4(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        if isIPv4(s) { return s }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected an IPv4 address such as \"192.168.1.1\""))
        return nil
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && (UInt8(p).map { _ in true } ?? false)
        }
    }

    static func decodeMAC(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 6, parts.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }),
            let first = UInt8(parts[0], radix: 16), first & 1 == 0
        {
            return s.lowercased()
        }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected a unicast MAC address such as \"00:16:3e:12:34:56\""))
        return nil
    }

    static func decodeHostname(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        let ok = !s.isEmpty && s.utf8.count <= 253 && labels.allSatisfy { l in
            !l.isEmpty && l.utf8.count <= 63 && !l.hasPrefix("-") && !l.hasSuffix("-")
                && l.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        if ok { return s }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected a host name: labels of letters, digits and '-' separated by '.'"))
        return nil
    }

    static func decodeFiles(_ f: JSONField, base: String, _ issues: inout [RecipeIssue]) -> [AlignSettings.Customisation.File]? {
        guard let items = f.list(&issues) else { return nil }
        var out: [AlignSettings.Customisation.File] = []
        for item in items {
            guard var obj = ObjectReader(item, &issues) else { continue }
            let path = obj.required("path", "the file's absolute path in the guest", &issues).flatMap { decodeGuestPath($0, &issues) }
            let text = obj.field("content")
            let source = obj.field("source")
            let mode = obj.field("mode").flatMap { decodeMode($0, &issues) }
            let owner = obj.field("owner").flatMap { decodeOwner($0, &issues) }
            obj.reportUnknownKeys(allowed: fileKeys, &issues)
            var content: AlignSettings.Customisation.File.Content?
            switch (text, source) {
            case (let t?, nil): content = t.string(&issues).map { .text($0) }
            case (nil, let s?): content = decodeHostPath(s, base: base, &issues).map { .source($0) }
            case (nil, nil): issues.append(RecipeIssue(item.path, "give the file's \"content\" (text) or \"source\" (a host file)"))
            case (_?, _?): issues.append(RecipeIssue(item.path, "both \"content\" and \"source\" given; give one"))
            }
            guard let path, let content else { continue }
            var file = AlignSettings.Customisation.File(path: path, content: content)
            if let mode { file.permissions = mode }
            if let owner {
                file.uid = owner.uid
                file.gid = owner.gid
            }
            out.append(file)
        }
        return out
    }

    /// "0644" (octal, as chmod takes it).
    static func decodeMode(_ f: JSONField, _ issues: inout [RecipeIssue]) -> UInt16? {
        if case .string(let s) = f.value, !s.isEmpty, s.count <= 5, let m = UInt16(s, radix: 8), m <= 0o7777 { return m }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected an octal mode as a string, e.g. \"0644\""))
        return nil
    }

    static func decodeServices(_ f: JSONField, into c: inout AlignSettings.Customisation, _ issues: inout [RecipeIssue]) {
        guard var obj = ObjectReader(f, &issues) else { return }
        if let e = obj.field("enable") { c.enableServices = decodeServiceNames(e, &issues) }
        if let d = obj.field("disable") { c.disableServices = decodeServiceNames(d, &issues) }
        obj.reportUnknownKeys(allowed: serviceKeys, &issues)
        for name in Set(c.enableServices).intersection(c.disableServices).sorted() {
            issues.append(RecipeIssue(f.path, "\"\(name)\" is both enabled and disabled; name it once"))
        }
    }

    static func decodeServiceNames(_ f: JSONField, _ issues: inout [RecipeIssue]) -> [String] {
        (f.list(&issues) ?? []).compactMap { decodeWord($0, what: "an init script name in /etc/rc.d/init.d, e.g. \"sshd\"", &issues) }
    }

    /// A crypt(3) hash as /etc/shadow holds it; never a clear-text password.
    static func decodePasswordHash(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        let isHash = (s.hasPrefix("$") && s.split(separator: "$").count >= 3) || (s.count == 13 && !s.contains(":"))
        if isHash && GuestFileSyntax.shadow.problem(in: s) == nil { return s }
        issues.append(RecipeIssue(f.path, "expected a crypt(3) hash such as one from `openssl passwd -1` (\"$1$...\"), never a clear-text password"))
        return nil
    }

    /// `kernel.args`: the rest of grub.conf's `kernel` line and the domain config's `extra`, so one
    /// line of printable ASCII (the domain config's rule, `DomainConfig.quoted`).
    static func decodeKernelArgs(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        if let reason = GuestFileSyntax.grubMenu.problem(in: s) {
            issues.append(RecipeIssue(f.path, "found \(f.value.shortText): \(reason); give the kernel command line as one line, e.g. \"console=xvc0 ro\""))
            return nil
        }
        guard s.unicodeScalars.allSatisfy({ $0.value < 0x7F }) else {
            issues.append(RecipeIssue(f.path, "found \(f.value.shortText): it holds a non-ASCII character, which the domain config's extra= cannot carry; use ASCII"))
            return nil
        }
        return s
    }

    /// A list of strings, each a value of `syntax` (the guest file it is written into).
    static func decodeLines(_ f: JSONField, in syntax: GuestFileSyntax, what: String, _ issues: inout [RecipeIssue]) -> [String]? {
        guard let items = f.list(&issues) else { return nil }
        var out: [String] = []
        for item in items {
            guard let s = item.string(&issues) else { continue }
            if let reason = syntax.problem(in: s) {
                issues.append(RecipeIssue(item.path, "found \(item.value.shortText): \(reason); expected \(what)"))
                continue
            }
            out.append(s)
        }
        return out.count == items.count ? out : nil
    }

    static func decodeStrings(_ f: JSONField, _ issues: inout [RecipeIssue]) -> [String]? {
        guard let items = f.list(&issues) else { return nil }
        let out = items.compactMap { $0.string(&issues) }
        return out.count == items.count ? out : nil
    }

    static func decodeGuestPaths(_ f: JSONField, _ issues: inout [RecipeIssue]) -> [String]? {
        guard let items = f.list(&issues) else { return nil }
        let out = items.compactMap { decodeGuestPath($0, &issues) }
        return out.count == items.count ? out : nil
    }

    /// An absolute guest path that does not climb (`..`) and is not the root itself.
    static func decodeGuestPath(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        if s.hasPrefix("/"), let p = try? GuestPath(s), !p.isRoot { return p.description }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected an absolute path inside the guest, e.g. \"/etc/motd\" (no '..')"))
        return nil
    }

    static func decodeHostPath(_ f: JSONField, base: String, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        guard !s.isEmpty else {
            issues.append(RecipeIssue(f.path, "found an empty path; give a file relative to the recipe"))
            return nil
        }
        return HostPathResolution.resolve(s, against: base)
    }

    /// One word of letters, digits, '.', '_', '-' (names that end up in guest files).
    static func decodeWord(_ f: JSONField, what: String, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        if !s.isEmpty, s.utf8.count <= 64, s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-+".contains($0)) }) {
            return s
        }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected \(what)"))
        return nil
    }

    static func decodeChoice<T: RawRepresentable & CaseIterable>(_ f: JSONField, _: T.Type, _ issues: inout [RecipeIssue]) -> T?
    where T.RawValue == String {
        guard let s = f.string(&issues) else { return nil }
        if let v = T(rawValue: s) { return v }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); allowed: " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")))
        return nil
    }
}
