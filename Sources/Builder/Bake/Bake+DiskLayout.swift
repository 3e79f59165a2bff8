extension Bake {
    /// The one image of the `disk` layout, for the report: its file name and partition table.
    public struct PartitionedDisk: Sendable, Equatable {
        public var fileName: String
        public var table: DiskImage.Table
    }

    /// A disk's contents settled before the table around it is planned.
    private enum PreparedPartition {
        case filesystem(Ext.Prepared, Disk.Filesystem)
        case swap(Disk.Swap, uuid: [UInt8])

        var size: UInt64 {
            switch self {
            case .filesystem(let p, _): return p.size
            case .swap(let s, _): return s.size
            }
        }
    }

    /// The `disk` layout: every recipe disk becomes a primary partition of one sparse image
    /// `<whole>.img`. Auto-sized filesystems are sized first, then the table is planned, then each
    /// filesystem and swap header is written straight at its partition's offset.
    static func writePartitionedDisk(
        _ recipe: Recipe, disk whole: String, trees: [GuestPath: Tree], createdAt: Timestamp,
        into folder: OutputFolder, progress: (String) -> Void
    ) throws -> (disks: [DiskResult], image: PartitionedDisk) {
        let fileName = whole + ".img"
        var prepared: [(disk: Disk, slot: Int, content: PreparedPartition)] = []
        for disk in recipe.disks {
            let slot = DiskImage.partitionOf(disk.device)?.number ?? 0
            do {
                switch disk.role {
                case .swap(let swap):
                    progress("writing \(fileName) partition \(slot) (swap, \(ByteSize.format(swap.size)))")
                    let uuid = DiskIdentity.uuid(.swapUUID, guest: recipe.name, device: disk.device)
                    prepared.append((disk, slot, .swap(swap, uuid: uuid)))
                case .filesystem(let fs):
                    guard let tree = trees[fs.mount] else {
                        throw MountSplitError(mount: fs.mount, reason: "no tree was split off for it")
                    }
                    let options = extOptions(fs, device: disk.device, guest: recipe.name, createdAt: createdAt)
                    let what = "writing \(fileName) partition \(slot) (\(fs.flavor.rawValue) for \(fs.mount)"
                    switch fs.size {
                    case .fixed(let bytes):
                        progress(what + ", \(ByteSize.format(bytes)))")
                        prepared.append((disk, slot, .filesystem(try Ext.prepare(tree, size: bytes, options: options), fs)))
                    case .auto(let free):
                        progress(what + ", size auto)")
                        let p = try Ext.prepareAutoSized(tree, free: free, options: options)
                        prepared.append((disk, slot, .filesystem(p, fs)))
                    }
                }
            } catch {
                throw BakeError.disk(device: disk.device, underlying: error)
            }
        }

        let rootDevice = recipe.rootDisk?.device
        let members = prepared.map { p in
            let type = if case .swap = p.content { MBR.Partition.swapType } else { MBR.Partition.linuxType }
            return DiskImage.Member(slot: p.slot, size: p.content.size, type: type, bootable: p.disk.device == rootDevice)
        }
        let table: DiskImage.Table
        do {
            table = try DiskImage.plan(members, signature: diskSignature(guest: recipe.name, disk: whole))
        } catch {
            throw BakeError.disk(device: whole, underlying: error)
        }

        let image: HostFile
        do {
            image = try HostFile.create(folder.path(fileName), permissions: 0o600)
            try image.truncate(to: table.size)
        } catch {
            throw BakeError.disk(device: whole, underlying: error)
        }
        var results: [DiskResult] = []
        for p in prepared {
            let offset = table.offset(of: p.slot) ?? 0
            do {
                switch p.content {
                case .swap(let swap, let uuid):
                    try SwapImage.write(size: swap.size, uuid: uuid, label: swap.label, into: image, at: offset)
                    results.append(DiskResult(device: p.disk.device, fileName: fileName, kind: .swap(size: swap.size, uuid: uuid)))
                case .filesystem(let plan, let fs):
                    let summary = try Ext.write(plan, into: image, at: offset)
                    results.append(
                        DiskResult(
                            device: p.disk.device, fileName: fileName,
                            kind: .filesystem(mount: fs.mount, flavor: fs.flavor, summary: summary)))
                }
            } catch {
                throw BakeError.disk(device: p.disk.device, underlying: error)
            }
        }
        do {
            // The table last: a disk whose table is there is a disk whose partitions are written.
            try image.write(table.mbr.encode(), at: 0)
            try image.close()
        } catch {
            throw BakeError.disk(device: whole, underlying: error)
        }
        return (results, PartitionedDisk(fileName: fileName, table: table))
    }

    /// The MBR's disk identifier, derived like every other identifier (never 0, which fdisk reads
    /// as "no identifier").
    static func diskSignature(guest: String, disk: String) -> UInt32 {
        let bytes = DiskIdentity.uuid(.diskSignature, guest: guest, device: disk)
        let value = bytes.prefix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return value == 0 ? 1 : value
    }
}
