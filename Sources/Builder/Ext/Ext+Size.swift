extension Ext {
    /// How many inodes a filesystem gets when `Options.inodeCount` is not given: mke2fs's rule,
    /// one inode per 16384 bytes (inode_ratio in Debian's mke2fs.conf), raised to what the tree
    /// needs plus headroom for the guest's own files: a quarter more, and at least 1024 more.
    /// `minimal` drops the headroom, for an explicit size too tight to afford it.
    enum InodeRule {
        case withHeadroom
        case minimal

        static let bytesPerInode: UInt64 = 16384

        func inodes(blocks: UInt64, layout: Layout, options: Options) -> UInt64 {
            if let n = options.inodeCount { return UInt64(n) }
            let needed = UInt64(layout.inodesNeeded)
            let byRatio = blocks * UInt64(options.blockSize) / InodeRule.bytesPerInode
            switch self {
            case .withHeadroom: return max(byRatio, needed + max(needed / 4, 1024))
            case .minimal: return max(byRatio, needed)
            }
        }
    }

    /// The blocks `layout` takes in `geometry` besides group metadata: its own and the journal's.
    static func blocksNeeded(_ layout: Layout, geometry: Geometry, flavor: Flavor) -> UInt64? {
        guard flavor == .ext3 else { return layout.blocksNeeded }
        guard let journal = defaultJournalBlocks(forFilesystemBlocks: UInt64(geometry.blocksCount)) else { return nil }
        let perBlock = UInt64(geometry.blockSize / 4)
        return layout.blocksNeeded + BlockMap.blockCount([0..<UInt64(journal)], perBlock: perBlock)
    }

    static func reservedBlocks(_ blocksCount: UInt32, options: Options) -> UInt32 {
        UInt32(UInt64(blocksCount) * UInt64(options.reservedPercent) / 100)
    }

    /// The geometry for `blocks` blocks if the layout fits in it with `spare` blocks left over
    /// (and the root-reserved blocks on top when `keepReserved`).
    static func fittingGeometry(
        _ layout: Layout, blocks: UInt64, options: Options, rule: InodeRule, spare: UInt64 = 0,
        keepReserved: Bool = false
    ) -> (geometry: Geometry?, shortBy: UInt64) {
        let inodes = rule.inodes(blocks: blocks, layout: layout, options: options)
        guard let g = Geometry.make(blocks: blocks, blockSize: options.blockSize, inodes: inodes) else {
            return (nil, 0)
        }
        guard var need = blocksNeeded(layout, geometry: g, flavor: options.flavor) else { return (nil, 0) }
        need += spare
        if keepReserved { need += UInt64(reservedBlocks(g.blocksCount, options: options)) }
        if need > g.dataBlocks { return (nil, need - g.dataBlocks) }
        guard UInt64(layout.inodesNeeded) <= UInt64(g.inodesCount) else { return (nil, 0) }
        return (g, 0)
    }

    /// The smallest block count (searching upwards) whose geometry holds the layout. Metadata
    /// grows with the size (inode tables, descriptors, the journal steps), so this iterates: each
    /// round adds what the last one was short by, until it fits.
    static func fittingBlocks(
        _ layout: Layout, options: Options, rule: InodeRule, spare: UInt64 = 0, keepReserved: Bool = false
    ) throws -> Geometry {
        let bs = UInt64(options.blockSize)
        let perGroup = 8 * bs
        var blocks = max(layout.blocksNeeded + spare + 64, options.flavor == .ext3 ? 2048 : 64)
        while blocks <= UInt64(UInt32.max) {
            let (g, short) = fittingGeometry(
                layout, blocks: blocks, options: options, rule: rule, spare: spare, keepReserved: keepReserved)
            if let g { return g }
            if short > 0 {
                blocks += short
            } else {
                // No geometry: too small for one group, too many inodes per group, or too few
                // inodes in all: grow by a sixteenth (at least 64 blocks) or to the groups needed.
                let inodes = rule.inodes(blocks: blocks, layout: layout, options: options)
                let groupsForInodes = (max(inodes, UInt64(layout.inodesNeeded)) + perGroup - 1) / perGroup
                let byInodes = groupsForInodes > 1 ? (groupsForInodes - 1) * perGroup + 1100 : 0
                blocks = max(blocks + max(64, blocks / 16), byInodes)
            }
        }
        throw WriteError.tooManyBlocks(blocks)
    }

    /// The image size (bytes, a whole number of blocks) that holds `tree` with `free` bytes
    /// available to unprivileged users (beyond the root-reserved blocks): content, metadata,
    /// journal and inode headroom (see `InodeRule`) included.
    public static func autoSize(for tree: Tree, free: UInt64, options: Options) throws -> UInt64 {
        try validate(options)
        return try autoSize(for: layout(tree, options: options), free: free, options: options)
    }

    /// `autoSize` for a layout already made (a bake lays the tree out once for sizing and writing).
    static func autoSize(for layout: Layout, free: UInt64, options: Options) throws -> UInt64 {
        try checkInodeCount(layout, options: options)
        let bs = UInt64(options.blockSize)
        let g = try fittingBlocks(
            layout, options: options, rule: .withHeadroom, spare: (free + bs - 1) / bs, keepReserved: true)
        return UInt64(g.blocksCount) * bs
    }

    static func checkInodeCount(_ layout: Layout, options: Options) throws {
        if let n = options.inodeCount, n < layout.inodesNeeded {
            throw WriteError.tooFewInodes(requested: n, needed: layout.inodesNeeded)
        }
    }

    static func validate(_ options: Options) throws {
        guard [1024, 2048, 4096].contains(options.blockSize) else {
            throw WriteError.invalidOptions("block size \(options.blockSize); use 1024, 2048 or 4096")
        }
        guard options.uuid.count == 16 else { throw WriteError.invalidOptions("the uuid has \(options.uuid.count) bytes, not 16") }
        guard options.hashSeed.count == 16 else {
            throw WriteError.invalidOptions("the hash seed has \(options.hashSeed.count) bytes, not 16")
        }
        guard options.label.utf8.count <= 16 else {
            throw WriteError.invalidOptions("the label '\(options.label)' is longer than 16 bytes")
        }
        guard (0...50).contains(options.reservedPercent) else {
            throw WriteError.invalidOptions("reserved percent \(options.reservedPercent); use 0 to 50")
        }
    }
}
