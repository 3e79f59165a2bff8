extension Recipe {
    /// How the guest's disks become image files (`"layout"`).
    public enum Layout: String, Sendable, Equatable, CaseIterable {
        /// One image per guest device (`sda1.img`, `sda2.img`), each exported as its own vbd: the
        /// HowTo's way.
        case partitions
        /// One MBR-partitioned image (`sda.img`) holding every disk as a primary partition,
        /// exported as the whole disk `sda`.
        case disk
    }

    /// The whole disk of the `disk` layout ("sda" for sda1, sda2); nil in the `partitions`
    /// layout. Validation guarantees every device is a partition of this one disk.
    public var wholeDisk: String? {
        guard layout == .disk, let first = disks.first else { return nil }
        return DiskImage.partitionOf(first.device)?.disk
    }

    static func decodeLayout(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Layout? {
        guard let field else { return .partitions }
        guard let s = field.string(&issues) else { return nil }
        if let l = Layout(rawValue: s) { return l }
        issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: \"partitions\" (one image per disk) or \"disk\" (one partitioned image)"))
        return nil
    }

    static func decodeAccess(_ field: JSONField?, _ issues: inout [RecipeIssue]) -> Output.Access? {
        guard let field else { return .file }
        guard let s = field.string(&issues) else { return nil }
        if let a = Output.Access(rawValue: s) { return a }
        issues.append(RecipeIssue(field.path, "found \(field.value.shortText); allowed: \"file\" (loopback files), \"tap:aio\" (blktap) or \"phy\" (a block device per image)"))
        return nil
    }

    /// In the `disk` layout every device is a partition 1-4 (an MBR slot) of one disk, named
    /// after the first disk's.
    func layoutIssues() -> [RecipeIssue] {
        guard layout == .disk, let first = disks.first, let disk = DiskImage.partitionOf(first.device)?.disk else { return [] }
        var issues: [RecipeIssue] = []
        for (i, d) in disks.enumerated() {
            let allowed = "allowed in the \"disk\" layout: \(disk)1 to \(disk)4 (primary partitions of one disk)"
            if let p = DiskImage.partitionOf(d.device), p.disk == disk, (1...4).contains(p.number) { continue }
            issues.append(RecipeIssue("disks[\(i)].device", "found \"\(d.device)\"; \(allowed)"))
        }
        return issues
    }
}

extension Recipe.Output {
    /// The prefix dom0's toolstack reads in front of each image in a disk line (facts §5.1).
    public enum Access: String, Sendable, Equatable, CaseIterable {
        /// `file:`: a loop device over the image file.
        case file
        /// `tap:aio:`: blktap's asynchronous I/O driver over the image file.
        case tapAIO = "tap:aio"
        /// `phy:`: a host block device (`<imageDir>/<name>-<device>`, as xen-tools names its
        /// logical volumes) the user copies the image onto.
        case phy
    }
}
