extension Recipe {
    /// The keys a recipe's top level may hold. Later features add theirs here and in `decode`.
    static let topLevelKeys = ["name", "profile", "source", "rpms", "disks", "output", "guests"] + alignKeys + ["layout", "smoke", "limits"]
    static let limitsKeys = ["maxImageSize"]
    static let sourceKeys = ["tree", "tarball", "owner", "times"]
    static let outputKeys = ["dir", "imageDir", "access", "bundle"]

    /// Decodes and validates a recipe. `file` is the recipe's path as given (messages use it, and
    /// relative paths inside the recipe are resolved against its folder).
    public static func decode(_ bytes: [UInt8], file: String) throws(RecipeError) -> Recipe {
        let guests = try decodeGuests(bytes, file: file)
        guard guests.count == 1, let only = guests.first else {
            throw RecipeError(file: file, issues: [RecipeIssue("guests", "the recipe holds \(guests.count) guests where one was expected; bake it with 'builder bake', which takes every guest")])
        }
        return only
    }

    /// Decodes and validates a recipe into its guests: one, or one per entry of its `guests` list.
    public static func decodeGuests(_ bytes: [UInt8], file: String) throws(RecipeError) -> [Recipe] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch let e as JSONSyntaxError {
            throw RecipeError(file: file, issues: [RecipeIssue("", "not valid JSON: \(e)")])
        } catch {
            throw RecipeError(file: file, issues: [RecipeIssue("", "not valid JSON: \(error)")])
        }
        var issues: [RecipeIssue] = []
        let base = HostPathResolution.directory(of: file)
        let guests = decodeDocument(JSONField(value: document, path: ""), file: file, base: base, &issues)
        // Every guest shares the checks of the settings they share; report those once.
        var seen = Set<String>()
        for guest in guests ?? [] {
            for issue in guest.crossCheck() where seen.insert(issue.description).inserted { issues.append(issue) }
        }
        guard issues.isEmpty, let guests else { throw RecipeError(file: file, issues: issues) }
        let digest = FileDigest.sha256(bytes)
        return guests.map { guest in
            var guest = guest
            guest.fileSHA256 = digest
            return guest
        }
    }

    private static func decodeDocument(
        _ doc: JSONField, file: String, base: String, _ issues: inout [RecipeIssue]
    ) -> [Recipe]? {
        guard var top = ObjectReader(doc, &issues) else { return nil }
        let guestsField = top.field("guests")
        let name: String?
        if guestsField != nil {
            // Each guest names itself; the shared part's name would name nothing.
            name = "guest"
            if let f = top.field("name") {
                issues.append(RecipeIssue(f.path, "a recipe with \"guests\" names each guest in guests[i].name; remove the top-level \"name\""))
            }
        } else {
            name = top.required("name", "the guest's name, also its output folder's name", &issues)
                .flatMap { decodeName($0, &issues) }
        }
        let profile = decodeProfile(top.field("profile"), &issues)
        var clampTimes = false
        let source = top.required("source", "{\"tree\": DIR} or {\"tarball\": FILE}", &issues)
            .flatMap { decodeSource($0, base: base, clampTimes: &clampTimes, &issues) }
        let rpms = decodeRPMs(top.field("rpms"), base: base, &issues)
        let disks = top.required("disks", "a list of the guest's disks", &issues).flatMap { decodeDisks($0, &issues) }
        let output = decodeOutput(top.field("output"), base: base, &issues)
        let align = decodeAlign(&top, base: base, &issues)
        let layout = decodeLayout(top.field("layout"), &issues)
        let smoke = decodeSmoke(top.field("smoke"), &issues)
        let limits = decodeLimits(top.field("limits"), &issues)
        if profile == Profile.none {
            for key in xenOnlyKeys where top.has(key) {
                issues.append(RecipeIssue(key, "\"\(key)\" aligns the guest to Xen, which profile \"none\" does not do; remove it or use profile \"centos4\" (or \"auto\")"))
            }
        }
        top.reportUnknownKeys(allowed: topLevelKeys, &issues)
        guard let name, let profile, let source, let rpms, let disks, let output, let align, let layout, let smoke, let limits else { return nil }
        var shared = Recipe(
            name: name, profile: profile, source: source, rpms: rpms, disks: disks, output: output, file: file,
            align: align)
        shared.layout = layout
        shared.smoke = smoke
        shared.limits = limits
        shared.clampTimes = clampTimes
        guard let guestsField else { return [shared] }
        return decodeGuestList(guestsField, shared: shared, &issues)
    }

    static func decodeName(_ field: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = field.string(&issues) else { return nil }
        let allowedBytes = s.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
        // A leading '.' would hide the folder (and could clash with builder's own `.NAME.partial-*`
        // work folders); a leading '-' reads as an option to other tools.
        guard !s.isEmpty, s.utf8.count <= 64, allowedBytes, !s.hasPrefix("."), !s.hasPrefix("-") else {
            issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: 1 to 64 characters from A-Z a-z 0-9 . _ -, not starting with '.' or '-' (it names the output folder)"))
            return nil
        }
        return s
    }

    static func decodeProfile(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Profile? {
        guard let field else { return .auto }
        guard let s = field.string(&issues) else { return nil }
        if let p = Profile(rawValue: s) { return p }
        issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: \"auto\", \"centos4\", \"modern\", \"none\""))
        return nil
    }

    static func decodeSource(_ field: JSONField, base: String, clampTimes: inout Bool, _ issues: inout [RecipeIssue]) -> Source? {
        guard var obj = ObjectReader(field, &issues) else { return nil }
        let tree = obj.field("tree")
        let tarball = obj.field("tarball")
        let ownerField = obj.field("owner")
        if let times = obj.field("times") {
            switch times.string(&issues) {
            case "keep"?: clampTimes = false
            case "clamp"?: clampTimes = true
            case nil: break
            default:
                issues.append(RecipeIssue(times.path, "found \(times.value.shortText); allowed: \"keep\" (the source's times, the default) or \"clamp\" (times later than SOURCE_DATE_EPOCH become it)"))
            }
        }
        obj.reportUnknownKeys(allowed: sourceKeys, &issues)
        let owner = ownerField.flatMap { decodeOwner($0, &issues) }
        if ownerField != nil && owner == nil { return nil }
        switch (tree, tarball) {
        case (let tree?, nil):
            guard let path = tree.string(&issues) else { return nil }
            guard !path.isEmpty else {
                issues.append(RecipeIssue(tree.path, "found an empty path; give the folder holding the guest's files, relative to the recipe"))
                return nil
            }
            return .tree(path: HostPathResolution.resolve(path, against: base), owner: owner)
        case (nil, let tarball?):
            guard let path = tarball.string(&issues) else { return nil }
            guard !path.isEmpty else {
                issues.append(RecipeIssue(tarball.path, "found an empty path; give the archive holding the guest's files (tar or cpio, any compression), relative to the recipe"))
                return nil
            }
            return .tarball(path: HostPathResolution.resolve(path, against: base), owner: owner)
        case (nil, nil):
            issues.append(RecipeIssue(field.path, "no source given; allowed: {\"tree\": DIR} (a folder) or {\"tarball\": FILE} (a tar or cpio archive), relative to the recipe"))
            return nil
        case (_?, _?):
            issues.append(RecipeIssue(field.path, "both \"tree\" and \"tarball\" given; give exactly one"))
            return nil
        }
    }

    /// `"rpms": [FILE, ...]`: packages installed onto the tree in this order. Whether each file
    /// exists is checked with the other inputs (`checkInputs`).
    static func decodeRPMs(_ field: JSONField?, base: String, _ issues: inout [RecipeIssue]) -> [String]? {
        guard let field else { return [] }
        guard let items = field.list(&issues) else { return nil }
        var paths: [String] = []
        for item in items {
            guard let path = item.string(&issues) else { continue }
            guard !path.isEmpty else {
                issues.append(RecipeIssue(item.path, "found an empty path; give an .rpm file, relative to the recipe"))
                continue
            }
            paths.append(HostPathResolution.resolve(path, against: base))
        }
        return paths.count == items.count ? paths : nil
    }

    /// "uid:gid" with numeric ids: builder never looks names up in the host's /etc/passwd, whose
    /// users are not the guest's.
    static func decodeOwner(_ field: JSONField, _ issues: inout [RecipeIssue]) -> Owner? {
        guard let s = field.string(&issues) else { return nil }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        // 4294967295 is (uid_t)-1, "no change" to chown(2): not an owner.
        if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
            let uid = UInt32(parts[0]), let gid = UInt32(parts[1]), uid != .max, gid != .max
        {
            return Owner(uid: uid, gid: gid)
        }
        issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: \"UID:GID\" with numbers, e.g. \"0:0\""))
        return nil
    }

    static func decodeOutput(_ field: JSONField?, base: String, _ issues: inout [RecipeIssue]) -> Output? {
        guard let field else { return Output(dir: HostPathResolution.resolve("out", against: base)) }
        guard var obj = ObjectReader(field, &issues) else { return nil }
        let dirField = obj.field("dir")
        let imageDirField = obj.field("imageDir")
        let bundleField = obj.field("bundle")
        let access = decodeAccess(obj.field("access"), &issues)
        obj.reportUnknownKeys(allowed: outputKeys, &issues)
        var imageDir = Output.defaultImageDir
        if let imageDirField {
            guard let d = decodeImageDir(imageDirField, &issues) else { return nil }
            imageDir = d
        }
        var bundle: GuestBundle.Format?
        if let bundleField {
            guard let b = decodeBundle(bundleField, &issues) else { return nil }
            bundle = b
        }
        guard let access else { return nil }
        guard let dirField else {
            var output = Output(dir: HostPathResolution.resolve("out", against: base), imageDir: imageDir, bundle: bundle)
            output.access = access
            return output
        }
        guard let dir = dirField.string(&issues) else { return nil }
        guard !dir.isEmpty else {
            issues.append(RecipeIssue(dirField.path, "found an empty path; give a folder relative to the recipe, e.g. \"out\""))
            return nil
        }
        var output = Output(dir: HostPathResolution.resolve(dir, against: base), imageDir: imageDir, bundle: bundle)
        output.access = access
        return output
    }

    /// `limits`: bounds on what an input may make builder write (`limits.maxImageSize`: the most a
    /// disk of size "auto" may take, so an archive member declaring more fails at its header).
    static func decodeLimits(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Limits? {
        guard let field else { return Limits() }
        guard var obj = ObjectReader(field, &issues) else { return nil }
        var limits = Limits()
        var ok = true
        if let f = obj.field("maxImageSize") {
            if case .fixed(let bytes)? = decodeSize(f, allowAuto: false, &issues) {
                limits.maxImageSize = bytes
            } else {
                ok = false
            }
        }
        obj.reportUnknownKeys(allowed: limitsKeys, &issues)
        return ok ? limits : nil
    }

    /// `output.bundle`: one of the tar formats, or the key left out for no bundle.
    static func decodeBundle(_ f: JSONField, _ issues: inout [RecipeIssue]) -> GuestBundle.Format? {
        guard let s = f.string(&issues) else { return nil }
        if let format = GuestBundle.Format(rawValue: s) { return format }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); allowed: \(GuestBundle.Format.allowedText), or leave \"bundle\" out for no bundle"))
        return nil
    }

    /// An absolute folder on the Xen host. No ',' (it separates a disk spec's fields, facts §5.1)
    /// and only printable ASCII (the config files carry it).
    static func decodeImageDir(_ f: JSONField, _ issues: inout [RecipeIssue]) -> String? {
        guard let s = f.string(&issues) else { return nil }
        let printable = s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        if s.hasPrefix("/"), s.count > 1, printable, !s.contains(","), !s.contains(":") {
            return s.hasSuffix("/") ? String(s.dropLast()) : s
        }
        issues.append(RecipeIssue(f.path, "found \(f.value.shortText); expected an absolute folder on the Xen host, e.g. \"/var/lib/xen/images\" (no spaces, ',' or ':')"))
        return nil
    }
}
