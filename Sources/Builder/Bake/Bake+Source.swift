extension Bake {
    /// What reading a recipe's source gave: the guest's tree, and the packages installed onto it
    /// (for the report).
    struct SourceRead {
        var tree: Tree
        var packages: [RPMHeader] = []
    }

    /// The file inside the work folder that holds the data of archive members (tarball and RPM
    /// payloads) until the images are written; it is removed before the folder is moved into place.
    static let spoolName = ".spool"

    /// Reads the recipe's source into a tree and installs its RPMs onto it, in order. Archive data
    /// is decompressed once, into the spool in `folder`: nothing is written outside the output
    /// folder. Directories an archive implies without holding get `createdAt`. `sharedBase` is
    /// the source's tree when a batch already read it for several guests.
    static func readSource(
        _ recipe: Recipe, into folder: OutputFolder, createdAt: Timestamp, sharedBase: Tree? = nil,
        progress: (String) -> Void
    ) throws -> SourceRead {
        let spool = LazySpool(path: folder.path(spoolName), capacity: spoolCapacity(recipe))
        let base: Tree
        if let sharedBase {
            progress("reading \(recipe.source.summary) (shared with other guests, read once)")
            base = sharedBase
        } else {
            progress("reading \(recipe.source.summary)")
            base = try readBase(recipe.source, spool: spool.get, createdAt: createdAt)
        }
        let read = try addOnTop(of: base, recipe, spool: spool.get, createdAt: createdAt, progress: progress)
        try spool.finish()
        return read
    }

    /// The most archive data the spool may hold for `recipe`: what its filesystem disks can hold
    /// (an explicit size bounds itself; the disks of size "auto" together take at most
    /// `limits.maxImageSize`). Swap disks hold no files.
    static func spoolCapacity(_ recipe: Recipe) -> UInt64 {
        var total: UInt64 = 0
        var anyAuto = false
        for disk in recipe.disks {
            guard let fs = disk.filesystem else { continue }
            switch fs.size {
            case .fixed(let bytes): total = total.addingReportingOverflow(bytes).overflow ? .max : total + bytes
            case .auto: anyAuto = true
            }
        }
        if anyAuto {
            let (sum, overflow) = total.addingReportingOverflow(recipe.limits.maxImageSize)
            total = overflow ? .max : sum
        }
        return total
    }

    /// A spool file made only when an archive needs one.
    final class LazySpool {
        let path: String
        let capacity: UInt64
        private var spool: Spool?

        init(path: String, capacity: UInt64 = .max) {
            self.path = path
            self.capacity = capacity
        }

        func get() throws -> Spool {
            if let spool { return spool }
            let made = try Spool(path: path, capacity: capacity)
            spool = made
            return made
        }

        func finish() throws { try spool?.finish() }
    }

    /// The source alone: the folder walked, or the archive read (its data spooled).
    static func readBase(_ source: Recipe.Source, spool: () throws -> Spool, createdAt: Timestamp) throws -> Tree {
        let owner = source.owner.map { (uid: $0.uid, gid: $0.gid) }
        switch source {
        case .tree(let path, _):
            do {
                return try DirectorySource.read(path, options: .init(owner: owner))
            } catch {
                throw BakeError.source(path: path, underlying: error)
            }
        case .tarball(let path, _):
            do {
                let options = TarballSource.Options(owner: owner, impliedDirectoryTime: createdAt)
                return try TarballSource.read(path, onto: nil, spool: try spool(), options: options)
            } catch {
                throw BakeError.tarball(path: path, underlying: error)
            }
        }
    }

    /// The recipe's packages and overlay on top of the source's tree.
    static func addOnTop(
        of base: Tree, _ recipe: Recipe, spool: () throws -> Spool, createdAt: Timestamp, progress: (String) -> Void
    ) throws -> SourceRead {
        var read = SourceRead(tree: base)
        var packages = recipe.rpms
        // The kernel and the Xen-friendly glibc go on after the recipe's own packages, as the
        // HowTo installs them into the finished native system.
        if let kernel = recipe.align.kernel.rpm { packages.append(kernel) }
        if case .rpms(let glibc) = recipe.align.tls { packages += glibc }
        for rpm in packages {
            progress("installing \(rpm)")
            do {
                // Owners come from the payload, as rpm -i gives them; the source's `owner` is about
                // the source alone.
                let options = TarballSource.Options(impliedDirectoryTime: createdAt)
                let (tree, header) = try RPMSource.install(rpm, onto: read.tree, spool: try spool(), options: options)
                read.tree = tree
                read.packages.append(header)
            } catch {
                throw BakeError.rpm(path: rpm, underlying: error)
            }
        }
        if let overlay = recipe.align.customisation.overlay {
            progress("laying \(overlay) over the tree")
            read.tree = try layOver(overlay, onto: read.tree, spool: spool, createdAt: createdAt)
        }
        return read
    }

    /// The recipe's overlay (a folder, or an archive of any format libarchive reads) laid over the
    /// tree: its files replace the tree's, its folders merge with the tree's.
    static func layOver(_ overlay: String, onto tree: Tree, spool: () throws -> Spool, createdAt: Timestamp) throws -> Tree {
        do {
            if try HostPaths.kind(of: overlay) == .directory {
                return try tree.overlaid(with: DirectorySource.read(overlay))
            }
            let options = TarballSource.Options(impliedDirectoryTime: createdAt)
            return try TarballSource.read(overlay, onto: tree, spool: try spool(), options: options)
        } catch {
            throw BakeError.overlay(path: overlay, underlying: error)
        }
    }

    /// Removes the spool once every image is written (the trees that point into it are done).
    static func removeSpool(in folder: OutputFolder) throws {
        let path = folder.path(spoolName)
        if try HostPaths.kind(of: path, followLinks: false) != nil {
            try HostFile.remove(path)
        }
    }
}
