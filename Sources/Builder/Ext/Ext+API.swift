extension Ext {
    /// Writes `tree` into a new image file of exactly `size` bytes at `path` (created mode 0600,
    /// written sparse). Throws `WriteError.doesNotFit` with the size needed when it cannot.
    public static func write(_ tree: Tree, size: UInt64, options: Options, to path: String) throws -> Summary {
        let plan = try plan(tree, size: size, options: options)
        try writeImage(plan, size: size, to: path) { writer in try writer.copyFileData() }
        return plan.summary(sizeBytes: size)
    }

    /// Writes `tree` into a new image of the size `autoSize` gives for `free` bytes, laying the
    /// tree out once for both.
    public static func writeAutoSized(_ tree: Tree, free: UInt64, options: Options, to path: String) throws -> Summary {
        try validate(options)
        let layout = try layout(tree, options: options)
        let size = try autoSize(for: layout, free: free, options: options)
        let plan = try plan(layout, size: size, options: options)
        try writeImage(plan, size: size, to: path) { writer in try writer.copyFileData() }
        return plan.summary(sizeBytes: size)
    }

    /// A tree laid out for a filesystem of a settled size: what a partition of a disk image needs
    /// (its size) before the table around it is planned, and what `write(_:into:at:)` writes.
    struct Prepared {
        let plan: Plan
        let size: UInt64
    }

    /// `tree` planned for exactly `size` bytes.
    static func prepare(_ tree: Tree, size: UInt64, options: Options) throws -> Prepared {
        Prepared(plan: try plan(tree, size: size, options: options), size: size)
    }

    /// `tree` planned for the size `autoSize` gives for `free` bytes (laid out once for both).
    static func prepareAutoSized(_ tree: Tree, free: UInt64, options: Options) throws -> Prepared {
        try validate(options)
        let layout = try layout(tree, options: options)
        let size = try autoSize(for: layout, free: free, options: options)
        return Prepared(plan: try plan(layout, size: size, options: options), size: size)
    }

    /// Writes a prepared filesystem into `image`, starting `offset` bytes in (a partition). The
    /// caller made the file at least `offset + prepared.size` bytes long, reading as zeros there.
    static func write(_ prepared: Prepared, into image: HostFile, at offset: UInt64) throws -> Summary {
        try requireFreeSpace(for: prepared.plan, image: image.path)
        var writer = Writer(plan: prepared.plan, image: image, base: offset)
        try writer.writeMetadata()
        try writer.copyFileData()
        return prepared.plan.summary(sizeBytes: prepared.size)
    }

    /// The plan for `tree` in an image of `size` bytes: the pure half of `write`.
    static func plan(_ tree: Tree, size: UInt64, options: Options) throws -> Plan {
        try validate(options)
        return try plan(try layout(tree, options: options), size: size, options: options)
    }

    static func plan(_ layout: Layout, size: UInt64, options: Options) throws -> Plan {
        try checkInodeCount(layout, options: options)
        let bs = UInt64(options.blockSize)
        let blocks = size / bs
        guard blocks <= UInt64(UInt32.max) else { throw WriteError.tooManyBlocks(blocks) }
        if options.flavor == .ext3 && blocks < 2048 {
            // Below mke2fs's smallest journal: the user needs the size that holds tree and journal.
            let needed = try fittingBlocks(layout, options: options, rule: .withHeadroom)
            throw WriteError.doesNotFit(needed: UInt64(needed.blocksCount) * bs, available: size)
        }
        // Headroom inodes when the size affords them, else just what the tree needs.
        var geometry = fittingGeometry(layout, blocks: blocks, options: options, rule: .withHeadroom).geometry
        if geometry == nil {
            geometry = fittingGeometry(layout, blocks: blocks, options: options, rule: .minimal).geometry
        }
        guard let geometry else {
            let needed = try fittingBlocks(layout, options: options, rule: .withHeadroom)
            throw WriteError.doesNotFit(needed: UInt64(needed.blocksCount) * bs, available: size)
        }
        return try plan(layout, geometry: geometry, options: options)
    }

    /// Creates the image file, writes the plan's metadata, lets `placeData` put the file data in
    /// (in any order), and removes the file again if anything fails.
    static func writeImage(_ plan: Plan, size: UInt64, to path: String, placeData: (inout Writer) throws -> Void) throws {
        try requireFreeSpace(for: plan, image: path)
        let image = try HostFile.create(path)
        do {
            try image.truncate(to: size)
            var writer = Writer(plan: plan, image: image)
            try writer.writeMetadata()
            try placeData(&writer)
            try image.close()
        } catch {
            try? image.close()
            try? HostFile.remove(path)
            throw error
        }
    }
}

extension Ext {
    /// The image is written sparse: what it takes on the host is its used blocks (metadata,
    /// journal, file data). The folder must have that free before the first byte is written.
    static func requireFreeSpace(for plan: Plan, image path: String) throws {
        let used = UInt64(plan.geometry.blocksCount) - plan.freeBlocksTotal
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        try FreeSpace.require(used * UInt64(plan.geometry.blockSize), in: folder, for: name)
    }
}

extension Ext.Plan {
    func summary(sizeBytes: UInt64) -> Ext.Summary {
        let free = freeBlocksTotal
        return Ext.Summary(
            sizeBytes: sizeBytes, blockSize: geometry.blockSize, blocksTotal: UInt64(geometry.blocksCount),
            blocksUsed: UInt64(geometry.blocksCount) - free, inodesTotal: geometry.inodesCount,
            inodesUsed: inodesUsed, journalBlocks: journalBlocks)
    }
}
