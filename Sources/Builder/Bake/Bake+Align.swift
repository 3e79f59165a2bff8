extension Bake {
    /// The recipe's disks as the guest will see them (for fstab, the initrd and the boot menu).
    static func guestDisks(_ recipe: Recipe) -> [GuestDisk] {
        recipe.disks.map { disk in
            switch disk.role {
            case .filesystem(let fs): return GuestDisk(device: disk.device, mount: fs.mount, fsType: fs.flavor.rawValue)
            case .swap: return GuestDisk(device: disk.device, mount: nil, fsType: "swap")
            }
        }
    }

    /// Aligns the tree as the recipe's profile says (nothing but customisations for `none`).
    static func align(_ tree: Tree, _ recipe: Recipe, createdAt: Timestamp) throws -> Alignment.Result {
        do {
            return try Alignment.run(
                tree, profile: recipe.profile, settings: recipe.align, disks: guestDisks(recipe), time: createdAt)
        } catch {
            throw BakeError.alignment(error)
        }
    }

    /// With `"boot": "dom0"` (or `"static"`: the kernel alone), the kernel and initrd go beside
    /// the images, where the domain config's
    /// kernel= and ramdisk= name them. Returns the file names written.
    static func copyBootFiles(_ aligned: Alignment.Result, _ recipe: Recipe, into folder: OutputFolder) throws -> [String] {
        guard recipe.align.kernel.boot != .pygrub, let kernel = aligned.kernel else { return [] }
        var written: [String] = []
        for path in [kernel.imagePath] + (kernel.initrdPath.map { [$0] } ?? []) {
            guard let id = aligned.tree.lookup(path), let name = path.last else {
                throw BakeError.alignment(TreeError.notFound(path.description))
            }
            try HostPaths.writeNew(folder.path(name.description), try aligned.tree.bytes(of: id))
            written.append(name.description)
        }
        return written
    }
}
