/// `builder bake`: one recipe in, one folder of disk images out.
public enum Bake {
    /// What one disk became.
    public struct DiskResult: Sendable, Equatable {
        public var device: String
        /// The image's file name inside the guest's folder (`sda1.img`).
        public var fileName: String
        public var kind: Kind

        public enum Kind: Sendable, Equatable {
            case filesystem(mount: GuestPath, flavor: Ext.Flavor, summary: Ext.Summary)
            case swap(size: UInt64, uuid: [UInt8])
        }
    }

    /// A finished guest.
    public struct Result: Sendable, Equatable {
        public var guest: String
        /// The guest's folder, now in place.
        public var folder: String
        public var disks: [DiskResult]
        /// What the alignment changed in the tree, step by step.
        public var changes: [TreeChange] = []

        /// The report's warnings, without their "warning: " prefix.
        public var warnings: [String] {
            changes.compactMap { change in
                change.detail.hasPrefix(TreeChange.warningPrefix) ? String(change.detail.dropFirst(TreeChange.warningPrefix.count)) : nil
            }
        }
    }

    /// The folder a guest goes to: `<out>/<name>`, where `out` is `outOverride` (from the command
    /// line, relative to the current folder) or the recipe's `output.dir` (relative to the recipe).
    public static func destination(of recipe: Recipe, outOverride: String?) -> String {
        (outOverride ?? recipe.output.dir) + "/" + recipe.name
    }

    /// Bakes `recipe`: reads the source, splits it by mount point, writes each disk's image and a
    /// report into a work folder, and moves that folder into place only when all of it succeeded.
    /// On any error nothing is left behind. Times of what builder creates come from
    /// SOURCE_DATE_EPOCH in `environment`; nothing reads the clock.
    public static func run(
        _ recipe: Recipe, outOverride: String? = nil, environment: [String: String],
        progress: (String) -> Void = { _ in }
    ) throws -> Result {
        try run(recipe, outOverride: outOverride, environment: environment, progress: progress) { recipe, folder, createdAt in
            try readSource(recipe, into: folder, createdAt: createdAt, progress: progress)
        }
    }

    /// `run` with the source reader given (tests bake trees built in memory). The work folder is
    /// made first: a tarball's data is spooled inside it, so a failure anywhere leaves nothing.
    static func run(
        _ recipe: Recipe, outOverride: String?, environment: [String: String],
        progress: (String) -> Void, readTree: (Recipe, OutputFolder, Timestamp) throws -> SourceRead
    ) throws -> Result {
        var recipe = recipe
        if let outOverride { recipe.output.dir = outOverride }
        try recipe.checkInputs()
        let createdAt = Timestamp.sourceDateEpoch(environment: environment)

        let folder = try OutputFolder.begin(parent: recipe.output.dir, name: recipe.name)
        do {
            var source = try readTree(recipe, folder, createdAt)
            if recipe.clampTimes { source.tree = source.tree.clampingTimes(notAfter: createdAt) }
            progress("aligning (profile \(recipe.profile.rawValue))")
            var aligned = try align(source.tree, recipe, createdAt: createdAt)
            if let memoryNote = try checkMemory(aligned, recipe) { aligned.changes.append(memoryNote) }
            let trees = try split(aligned.tree, for: recipe, createdAt: createdAt)
            var results: [DiskResult] = []
            var partitioned: PartitionedDisk?
            if recipe.layout == .disk, let whole = recipe.wholeDisk {
                let written = try writePartitionedDisk(
                    recipe, disk: whole, trees: trees, createdAt: createdAt, into: folder, progress: progress)
                results = written.disks
                partitioned = written.image
            } else {
                for disk in recipe.disks {
                    let result = try writeDisk(disk, of: recipe, trees: trees, createdAt: createdAt, into: folder, progress: progress)
                    results.append(result)
                }
            }
            do {
                try removeSpool(in: folder)
            } catch {
                throw BakeError.output(folder: recipe.output.dir, underlying: error)
            }
            progress("writing the domain configs and the report")
            let bootFiles = try copyBootFiles(aligned, recipe, into: folder)
            let configFiles = try writeDomainConfigs(aligned, recipe, into: folder)
            let report = BakeReport.text(
                guest: recipe.name, disks: results, partitioned: partitioned, packages: source.packages,
                changes: aligned.changes, bootFiles: bootFiles, configFiles: configFiles)
            try HostPaths.writeNew(folder.path(BakeReport.fileName), Array(report.utf8))
            try writeManifest(
                recipe, createdAt: createdAt,
                written: WrittenFiles(disks: results, bootFiles: bootFiles, configFiles: configFiles), into: folder)
            if let format = recipe.output.bundle {
                progress("writing the bundle (\(GuestBundle.fileName(guest: recipe.name, format: format)))")
                try writeBundle(format, recipe, createdAt: createdAt, into: folder)
            }
            try folder.commit()
            return Result(guest: recipe.name, folder: folder.destination, disks: results, changes: aligned.changes)
        } catch {
            do {
                try folder.discard()
            } catch let cleanup {
                progress("could not remove the work folder '\(folder.work)': \(cleanup)")
            }
            throw error
        }
    }

    /// How many progress lines a bake of `recipe` sends: reading, each package, the overlay,
    /// aligning, each disk, configs and report, the bundle.
    public static func stepCount(of recipe: Recipe) -> Int {
        var packages = recipe.rpms.count + (recipe.align.kernel.rpm == nil ? 0 : 1)
        if case .rpms(let glibc) = recipe.align.tls { packages += glibc.count }
        let overlay = recipe.align.customisation.overlay == nil ? 0 : 1
        let bundle = recipe.output.bundle == nil ? 0 : 1
        return 1 + packages + overlay + 1 + recipe.disks.count + 1 + bundle
    }

    /// One tree per filesystem disk, by mount point.
    static func split(_ tree: Tree, for recipe: Recipe, createdAt: Timestamp) throws -> [GuestPath: Tree] {
        let mounts = recipe.disks.compactMap { $0.filesystem?.mount }
        do {
            return try tree.split(at: mounts, createdAt: createdAt)
        } catch let e as MountSplitError {
            throw BakeError.mountPoint(e)
        }
    }

    static func writeDisk(
        _ disk: Disk, of recipe: Recipe, trees: [GuestPath: Tree], createdAt: Timestamp,
        into folder: OutputFolder, progress: (String) -> Void
    ) throws -> DiskResult {
        let fileName = disk.device + ".img"
        let path = folder.path(fileName)
        do {
            switch disk.role {
            case .swap(let swap):
                let uuid = DiskIdentity.uuid(.swapUUID, guest: recipe.name, device: disk.device)
                progress("writing \(fileName) (swap, \(ByteSize.format(swap.size)))")
                try SwapImage.write(size: swap.size, uuid: uuid, label: swap.label, to: path)
                return DiskResult(device: disk.device, fileName: fileName, kind: .swap(size: swap.size, uuid: uuid))
            case .filesystem(let fs):
                guard let tree = trees[fs.mount] else {
                    throw MountSplitError(mount: fs.mount, reason: "no tree was split off for it")
                }
                let options = extOptions(fs, device: disk.device, guest: recipe.name, createdAt: createdAt)
                let what = "writing \(fileName) (\(fs.flavor.rawValue) for \(fs.mount)"
                let summary: Ext.Summary
                switch fs.size {
                case .fixed(let bytes):
                    progress(what + ", \(ByteSize.format(bytes)))")
                    summary = try Ext.write(tree, size: bytes, options: options, to: path)
                case .auto(let free):
                    progress(what + ", size auto)")
                    summary = try Ext.writeAutoSized(tree, free: free, options: options, to: path)
                }
                return DiskResult(
                    device: disk.device, fileName: fileName,
                    kind: .filesystem(mount: fs.mount, flavor: fs.flavor, summary: summary))
            }
        } catch {
            throw BakeError.disk(device: disk.device, underlying: error)
        }
    }

    /// The writer's options for one disk: everything random in mke2fs derived from the recipe.
    static func extOptions(_ fs: Disk.Filesystem, device: String, guest: String, createdAt: Timestamp) -> Ext.Options {
        Ext.Options(
            flavor: fs.flavor, blockSize: fs.blockSize, inodeCount: fs.inodes,
            uuid: DiskIdentity.uuid(.filesystemUUID, guest: guest, device: device),
            hashSeed: DiskIdentity.uuid(.hashSeed, guest: guest, device: device),
            label: fs.label, timestamp: createdAt)
    }
}
