extension Bake {
    /// What `bake` would do with `recipe`, for `builder check`: the inputs are checked (the source
    /// and the RPMs exist) and nothing is written or read beyond that.
    public static func plan(_ recipe: Recipe, outOverride: String? = nil) throws -> [String] {
        var recipe = recipe
        if let outOverride { recipe.output.dir = outOverride }
        try recipe.checkInputs()
        var lines = ["guest \(recipe.name), profile \(recipe.profile.rawValue)"]
        switch recipe.source {
        case .tree(let path, let owner):
            lines.append("source: the folder \(path)" + (owner.map { ", every file owned by \($0)" } ?? ", owners as they are"))
        case .tarball(let path, let owner):
            lines.append("source: the archive \(path)" + (owner.map { ", every file owned by \($0)" } ?? ", owners as recorded in it"))
        }
        for rpm in recipe.rpms {
            lines.append("then the RPM \(rpm) (its files only; package scripts are not run)")
        }
        lines.append("output: \(destination(of: recipe, outOverride: nil))/")
        if let whole = recipe.wholeDisk {
            lines.append("  \(whole).img: one MBR-partitioned disk, the guest's \(whole), partitions from 1 MiB")
            for disk in recipe.disks {
                let number = DiskImage.partitionOf(disk.device)?.number ?? 0
                lines.append("    " + planLine(disk, as: "partition \(number) (\(disk.device))"))
            }
        } else {
            for disk in recipe.disks {
                lines.append("  " + planLine(disk, as: disk.device + ".img"))
            }
        }
        lines.append("  \(Manifest.fileName): builder's version, the recipe's and inputs' sha256, every file's size and sha256")
        if let format = recipe.output.bundle {
            let bundle = GuestBundle.fileName(guest: recipe.name, format: format)
            lines.append("  \(bundle): every file above under \(recipe.name)/, images sparse; its sha256 in \(bundle).sha256")
        }
        return lines
    }

    /// One disk's line; `file` names where it goes (an image, or a partition of the disk image).
    static func planLine(_ disk: Disk, as file: String) -> String {
        switch disk.role {
        case .swap(let s):
            return "\(file): swap, \(ByteSize.format(s.size))" + (s.label.isEmpty ? "" : ", label \"\(s.label)\"")
        case .filesystem(let fs):
            var text = "\(file): \(fs.flavor.rawValue) for \(fs.mount), "
            switch fs.size {
            case .fixed(let b): text += ByteSize.format(b)
            case .auto(let free): text += "size auto (the files, plus \(ByteSize.format(free)) free)"
            }
            text += ", \(fs.blockSize)-byte blocks"
            if let n = fs.inodes { text += ", \(n) inodes" }
            if !fs.label.isEmpty { text += ", label \"\(fs.label)\"" }
            return text
        }
    }
}
