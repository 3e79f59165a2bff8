extension NetworkStep {
    static let modprobeConf = "/etc/modprobe.conf"

    /// The alias lines the guest needs: the installer's own lines for a Xen guest (RHEL4 anaconda
    /// loader2/module-info: xenblk is a `scsi_hostadapter`, xennet an `eth`; facts §1.6).
    static func wantedAliases(interfaceCount: Int) -> [String] {
        (0..<interfaceCount).map { "alias eth\($0) xennet" } + ["alias scsi_hostadapter xenblk"]
    }

    /// Replaces the hardware aliases of /etc/modprobe.conf (`ethN`, `scsi_hostadapterN`,
    /// `usb-controllerN`: devices a DomU does not have) by the Xen ones, and drops the `options`,
    /// `install` and `remove` lines of the drivers that lost their last alias. Every other line
    /// (sound, `char-major`, comments) stays.
    func editModprobeConf(_ editor: inout TreeEditor, interfaceCount: Int) throws {
        let path = Self.modprobeConf
        let wanted = Self.wantedAliases(interfaceCount: interfaceCount)
        guard let text = try editor.readText(path) else {
            try editor.writeText(path, wanted.joined(separator: "\n") + "\n", detail: "Xen drivers")
            return
        }
        let lines = ModprobeLine.parse(text)
        // Which hardware aliases stay: each wanted line once; every other one goes.
        var present: Set<String> = []
        let dropAlias: [Bool] = lines.map { line in
            guard line.isHardwareAlias else { return false }
            let normal = line.words.joined(separator: " ")
            guard wanted.contains(normal), !present.contains(normal) else { return true }
            present.insert(normal)
            return false
        }
        // Drivers left without any alias: their options and install/remove commands go too.
        let aliasTargets = { (dropped: Bool) in
            Set(zip(lines, dropAlias).filter { $0.1 == dropped && $0.0.isAlias }.map { Self.module($0.0.words[2]) })
        }
        let goneDrivers = aliasTargets(true).subtracting(aliasTargets(false))
        let missing = wanted.filter { !present.contains($0) }.map { ModprobeLine(text: $0) }

        var kept: [ModprobeLine] = []
        var removed: [ModprobeLine] = []
        var inserted = false
        for (line, drop) in zip(lines, dropAlias) {
            let dropCommand =
                ["options", "install", "remove"].contains(line.words.first ?? "")
                && line.words.count >= 2 && goneDrivers.contains(Self.module(line.words[1]))
            guard drop || dropCommand else {
                kept.append(line)
                continue
            }
            removed.append(line)
            if drop && !inserted {
                kept += missing
                inserted = true
            }
        }
        if !inserted { kept += missing }

        let newText = kept.map(\.text).joined(separator: "\n") + (kept.isEmpty ? "" : "\n")
        guard newText != text else {
            editor.note("/etc/modprobe.conf already has the Xen aliases only: nothing to do")
            return
        }
        try editor.writeText(path, newText, detail: "Xen drivers xennet and xenblk")
        for line in removed {
            editor.note("removed `\(line.text)` from /etc/modprobe.conf (native hardware a DomU does not have)")
        }
    }

    /// modprobe treats `-` and `_` in module names alike.
    static func module(_ name: String) -> String {
        name.replacingAll("-", with: "_")
    }
}

/// One logical line of modprobe.conf(5): physical lines joined where one ends in `\`.
struct ModprobeLine: Equatable {
    /// The physical lines as they were (joined by newlines).
    var text: String
    var words: [String]

    init(text: String) {
        self.text = text
        let logical = text.replacingAll("\\\n", with: " ")
        words =
            logical.hasPrefix("#")
            ? [] : logical.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    static func parse(_ text: String) -> [ModprobeLine] {
        var physical = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if physical.last == "" { physical.removeLast() }
        var out: [ModprobeLine] = []
        var pending: [String] = []
        for line in physical {
            pending.append(line)
            if !line.hasSuffix("\\") {
                out.append(ModprobeLine(text: pending.joined(separator: "\n")))
                pending = []
            }
        }
        if !pending.isEmpty { out.append(ModprobeLine(text: pending.joined(separator: "\n"))) }
        return out
    }

    var isAlias: Bool { words.count >= 3 && words[0] == "alias" }

    /// `alias ethN X`, `alias scsi_hostadapter[N] X`, `alias usb-controller[N] X`: the aliases
    /// kudzu and anaconda write for detected hardware.
    var isHardwareAlias: Bool {
        guard words.count >= 3, words[0] == "alias" else { return false }
        let name = words[1]
        for prefix in ["eth", "scsi_hostadapter", "usb-controller"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if prefix == "eth" ? !rest.isEmpty && rest.allSatisfy(\.isASCIIDigit) : rest.allSatisfy(\.isASCIIDigit) {
                return true
            }
        }
        return false
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
