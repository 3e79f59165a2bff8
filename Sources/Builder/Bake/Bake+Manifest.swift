extension Bake {
    /// What `run` knows about the files it wrote, to name them in the manifest.
    struct WrittenFiles {
        var disks: [DiskResult]
        /// The kernel first, then the initrd (as `copyBootFiles` returns them).
        var bootFiles: [String]
        var configFiles: [String]
    }

    /// Writes `manifest.json`, the last file of the folder before the bundle: every file already
    /// in the folder is listed with its size and SHA-256.
    @discardableResult
    static func writeManifest(_ recipe: Recipe, createdAt: Timestamp, written: WrittenFiles, into folder: OutputFolder) throws -> Manifest {
        let inputs = try manifestInputs(recipe)
        var artifacts: [Manifest.Artifact] = []
        do {
            for name in try HostPaths.directoryNames(folder.work) {
                artifacts.append(Manifest.Artifact(name: name, digest: try FileDigest.of(folder.path(name)), kind: kind(of: name, written)))
            }
            let manifest = Manifest(
                builderVersion: BuilderVersion.string, guest: recipe.name,
                recipeFile: String(recipe.file.split(separator: "/").last ?? Substring(recipe.file)),
                recipeSHA256: recipe.fileSHA256, sourceDateEpoch: createdAt.seconds, inputs: inputs, artifacts: artifacts)
            try HostPaths.writeNew(folder.path(Manifest.fileName), Array(manifest.json.utf8))
            return manifest
        } catch {
            throw BakeError.output(folder: recipe.output.dir, underlying: error)
        }
    }

    static func kind(of name: String, _ written: WrittenFiles) -> Manifest.Artifact.Kind {
        let parts = written.disks.filter { $0.fileName == name }
        if parts.count > 1 {
            // The disk layout: one image holds every partition; it is the whole disk (sda.img).
            return .image(device: String(name.dropLast(".img".count)), contents: .disk)
        }
        if let disk = parts.first {
            switch disk.kind {
            case .filesystem(let mount, let flavor, _):
                return .image(device: disk.device, contents: .filesystem(flavor: flavor, mount: mount))
            case .swap:
                return .image(device: disk.device, contents: .swap)
            }
        }
        if let i = written.bootFiles.firstIndex(of: name) { return i == 0 ? .kernel : .initrd }
        if written.configFiles.contains(name) { return .domainConfig(syntax: name.hasSuffix(".xl.cfg") ? "xl" : "xm") }
        if name == BakeReport.fileName { return .report }
        return .other
    }

    /// The recipe's host inputs, in recipe order. Files are hashed (one more read of each, after
    /// the bake read it); folders are not (no single hash of a folder is cheap).
    static func manifestInputs(_ recipe: Recipe) throws -> [Manifest.Input] {
        var named: [(role: String, path: String)] = []
        switch recipe.source {
        case .tree(let path, _): named.append(("source.tree", path))
        case .tarball(let path, _): named.append(("source.tarball", path))
        }
        named += recipe.rpms.enumerated().map { ("rpms[\($0.offset)]", $0.element) }
        if let rpm = recipe.align.kernel.rpm { named.append(("kernel.rpm", rpm)) }
        if let image = recipe.align.kernel.image { named.append(("kernel.image", image)) }
        if case .rpms(let list) = recipe.align.tls {
            named += list.enumerated().map { ("tls.rpms[\($0.offset)]", $0.element) }
        }
        for (i, file) in recipe.align.customisation.files.enumerated() {
            if case .source(let path) = file.content { named.append(("files[\(i)].source", path)) }
        }
        if let overlay = recipe.align.customisation.overlay { named.append(("overlay", overlay)) }

        let base = HostPathResolution.directory(of: recipe.file)
        return try named.map { role, path in
            do {
                let shown = relative(path, to: base)
                if try HostPaths.kind(of: path) == .directory {
                    return Manifest.Input(role: role, path: shown, kind: .folder, digest: nil)
                }
                return Manifest.Input(role: role, path: shown, kind: .file, digest: try FileDigest.ofInput(path))
            } catch {
                throw BakeError.output(folder: recipe.output.dir, underlying: ManifestError(role: role, path: path, reason: "\(error)"))
            }
        }
    }

    /// `path` as the recipe wrote it: relative to the recipe's folder when it is below it, so the
    /// manifest does not depend on where the recipe was run from.
    static func relative(_ path: String, to base: String) -> String {
        if base == "." || base.isEmpty { return path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
