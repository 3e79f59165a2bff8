extension CustomiseStep {
    /// root's second /etc/shadow field set to `hash`, and its date of last change (third field,
    /// days since 1970) to builder's time, as passwd(1) sets it; the other fields stay.
    /// A guest whose crypt() is older than glibc 2.7 (CentOS 4's glibc 2.3.4) knows DES and MD5
    /// (`$1$`) only: SHA-crypt (`$5$`, `$6$`) came in glibc 2.7 (facts §7.6), and bcrypt (`$2b$`)
    /// and yescrypt (`$y$`, modern Debian's default) with libxcrypt; such hashes are refused there
    /// and written as given for every other guest.
    func setRootPassword(_ editor: inout TreeEditor, _ hash: String, facts: GuestFacts, time: Timestamp) throws {
        if hash.hasPrefix("$"), !hash.hasPrefix("$1$"), let glibc = CustomiseStep.oldCrypt(editor.tree, facts: facts) {
            let id = hash.dropFirst().prefix { $0 != "$" }
            throw Error.unsupportedHash(prefix: "$\(id)$", glibc: glibc)
        }
        guard GuestFileSyntax.shadow.problem(in: hash) == nil else { throw Error.invalidHash }
        guard let text = try editor.readText("/etc/shadow") else { throw Error.noShadow }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let i = lines.firstIndex(where: { $0.hasPrefix("root:") }) else { throw Error.noRootInShadow }
        var fields = lines[i].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        while fields.count < 9 { fields.append("") }
        guard fields[1] != hash else {
            editor.note("root already has this password hash")
            return
        }
        fields[1] = hash
        fields[2] = String(max(0, time.seconds) / 86_400)
        lines[i] = fields.joined(separator: ":")
        try editor.writeText("/etc/shadow", lines.joined(separator: "\n"), detail: "root password")
    }

    /// Whose crypt() knows DES and MD5 only: CentOS/RHEL 4's, or a tree with a glibc older than
    /// 2.7 (its /lib or /lib64 holds libc-2.N.so, N < 7); nil for every other guest.
    static func oldCrypt(_ tree: Tree, facts: GuestFacts) -> String? {
        if facts.isCentOS4 { return "CentOS 4's glibc (2.3.4)" }
        for dir in ["/lib", "/lib64"] {
            guard let id = tree.resolve(dir), let entries = tree[id].entries else { continue }
            for name in entries.keys.map(\.description).sorted() where name.hasPrefix("libc-2.") && name.hasSuffix(".so") {
                let minor = name.dropFirst("libc-2.".count).dropLast(".so".count).prefix { $0.isNumber }
                if let n = Int(minor), n < 7 { return "this guest's glibc (\(dir)/\(name))" }
            }
        }
        return nil
    }

    /// /root/.ssh (0700) and authorized_keys (0600), both root's, with every key of the recipe
    /// that is not there yet appended. sshd's StrictModes refuses group- or world-writable ones.
    func addAuthorizedKeys(_ editor: inout TreeEditor, _ keys: [String]) throws {
        for k in keys where k.contains(where: \.isNewline) { throw Error.invalidKey(k) }
        for k in keys { try GuestFileSyntax.line.check(k, what: "the ssh key", file: "/root/.ssh/authorized_keys") }
        if editor.node("/root") == nil { try editor.makeDirectory("/root", permissions: 0o750) }
        guard let dir = editor.realPath("/root/.ssh/authorized_keys")?.parent else {
            throw Error.invalidPath("/root/.ssh")
        }
        if editor.node(dir.description) == nil { try editor.makeDirectory(dir.description, permissions: 0o700) }
        let path = dir.description + "/authorized_keys"
        let existing = try editor.readText(path)
        let have = Set((existing ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingSpaces })
        var added: [String] = []
        for k in keys {
            let key = Substring(k).trimmingSpaces
            if !key.isEmpty, !have.contains(key), !added.contains(key) { added.append(key) }
        }
        guard !added.isEmpty else {
            editor.note("\(path) already has the recipe's keys")
            return
        }
        var text = existing ?? ""
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        text += added.map { $0 + "\n" }.joined()
        try editor.writeText(
            path, text, permissions: existing == nil ? 0o600 : nil, owner: existing == nil ? (0, 0) : nil,
            detail: "\(added.count) ssh key(s) for root")
    }
}
