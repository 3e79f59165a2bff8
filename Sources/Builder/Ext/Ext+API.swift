extension Ext {
    /// Writes `tree` into a new image file of exactly `size` bytes at `path` (created mode 0600,
    /// written sparse). Throws `WriteError.doesNotFit` with the size needed when it cannot.
    public static func write(_ tree: Tree, size: UInt64, options: Options, to path: String) throws -> Summary {
        try validate(options)
        let layout = try layout(tree, options: options)
        try checkInodeCount(layout, options: options)
        let bs = UInt64(options.blockSize)
        let blocks = size / bs
        guard blocks <= UInt64(UInt32.max) else { throw WriteError.tooManyBlocks(blocks) }
        if options.flavor == .ext3 && blocks < 2048 { throw WriteError.tooSmallForJournal(blocks: blocks) }
        // Headroom inodes when the size affords them, else just what the tree needs.
        var geometry = fittingGeometry(layout, blocks: blocks, options: options, rule: .withHeadroom).geometry
        if geometry == nil {
            geometry = fittingGeometry(layout, blocks: blocks, options: options, rule: .minimal).geometry
        }
        guard let geometry else {
            let needed = try fittingBlocks(layout, options: options, rule: .withHeadroom)
            throw WriteError.doesNotFit(needed: UInt64(needed.blocksCount) * bs, available: size)
        }
        let plan = try plan(layout, geometry: geometry, options: options)
        let image = try HostFile.create(path)
        do {
            try image.truncate(to: size)
            var writer = Writer(plan: plan, image: image)
            try writer.write()
            try image.close()
        } catch {
            try? image.close()
            try? HostFile.remove(path)
            throw error
        }
        let free = plan.freeBlocksTotal
        return Summary(
            sizeBytes: size, blockSize: options.blockSize, blocksTotal: UInt64(geometry.blocksCount),
            blocksUsed: UInt64(geometry.blocksCount) - free, inodesTotal: geometry.inodesCount,
            inodesUsed: plan.inodesUsed, journalBlocks: plan.journalBlocks)
    }
}
