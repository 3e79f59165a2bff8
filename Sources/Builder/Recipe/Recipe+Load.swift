extension Recipe {
    /// Reads, decodes and validates the recipe file at `file`.
    public static func load(file: String) throws(RecipeError) -> Recipe {
        try decode(try readFile(file), file: file)
    }

    /// The recipe file's bytes, or a recipe error naming it.
    static func readFile(_ file: String) throws(RecipeError) -> [UInt8] {
        do {
            return try HostPaths.readAll(file)
        } catch {
            throw RecipeError(file: file, issues: [RecipeIssue("", "cannot read the recipe (\(error)); give the path of a recipe JSON file")])
        }
    }

    /// Checks what the recipe points to on the host: the source folder or archive and every RPM
    /// exist. Writes nothing.
    public func checkInputs() throws(RecipeError) {
        var issues: [RecipeIssue] = []
        switch source {
        case .tree(let path, _):
            do {
                switch try HostPaths.kind(of: path) {
                case .directory?: break
                case nil:
                    issues.append(RecipeIssue("source.tree", "the folder '\(path)' does not exist; give the folder holding the guest's files, relative to the recipe"))
                default:
                    issues.append(RecipeIssue("source.tree", "'\(path)' is not a folder; give the folder holding the guest's files"))
                }
            } catch {
                issues.append(RecipeIssue("source.tree", "cannot look at '\(path)': \(error)"))
            }
        case .tarball(let path, _):
            issues += Self.checkFile(path, at: "source.tarball", what: "the archive holding the guest's files")
        }
        for (i, rpm) in rpms.enumerated() {
            issues += Self.checkFile(rpm, at: "rpms[\(i)]", what: "an .rpm package")
        }
        if let rpm = align.kernel.rpm { issues += Self.checkFile(rpm, at: "kernel.rpm", what: "a kernel-xenU .rpm package") }
        if let image = align.kernel.image { issues += Self.checkFile(image, at: "kernel.image", what: "a kernel file") }
        if case .rpms(let list) = align.tls {
            for (i, rpm) in list.enumerated() { issues += Self.checkFile(rpm, at: "tls.rpms[\(i)]", what: "a Xen-friendly glibc .rpm package") }
        }
        for (i, f) in align.customisation.files.enumerated() {
            if case .source(let path) = f.content { issues += Self.checkFile(path, at: "files[\(i)].source", what: "the file to copy into the guest") }
        }
        if let overlay = align.customisation.overlay {
            do {
                if try HostPaths.kind(of: overlay) == nil {
                    issues.append(RecipeIssue("overlay", "'\(overlay)' does not exist; give a folder or a tarball to lay over the tree, relative to the recipe"))
                }
            } catch {
                issues.append(RecipeIssue("overlay", "cannot look at '\(overlay)': \(error)"))
            }
        }
        do {
            if let k = try HostPaths.kind(of: output.dir), k != .directory {
                issues.append(RecipeIssue("output.dir", "'\(output.dir)' exists and is not a folder; give a folder for the output"))
            }
        } catch {
            issues.append(RecipeIssue("output.dir", "cannot look at '\(output.dir)': \(error)"))
        }
        if !issues.isEmpty { throw RecipeError(file: file, issues: issues) }
    }

    /// An input file: it must exist and be a file (a symlink to one is fine).
    static func checkFile(_ path: String, at jsonPath: String, what: String) -> [RecipeIssue] {
        do {
            switch try HostPaths.kind(of: path) {
            case .regular?: return []
            case nil:
                return [RecipeIssue(jsonPath, "the file '\(path)' does not exist; give \(what), relative to the recipe")]
            default:
                return [RecipeIssue(jsonPath, "'\(path)' is not a file; give \(what)")]
            }
        } catch {
            return [RecipeIssue(jsonPath, "cannot look at '\(path)': \(error)")]
        }
    }
}

extension Recipe {
    /// Reads, decodes and validates the recipe file at `file` into its guests (one, or one per
    /// entry of its `guests` list).
    public static func loadGuests(file: String) throws(RecipeError) -> [Recipe] {
        try decodeGuests(try readFile(file), file: file)
    }
}
