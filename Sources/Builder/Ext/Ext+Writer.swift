extension Ext {
    /// Writes a plan into a new image file: group metadata (each group's bitmaps and inode table
    /// in one write), then every inode's blocks. Data blocks that stay zero are never written,
    /// so the image is sparse. The filesystem starts `base` bytes into the file (a partition of a
    /// disk image; 0 for an image of its own); the file must read as zeros where nothing is written.
    struct Writer {
        let plan: Plan
        let image: HostFile
        let base: UInt64
        private var batch: BatchedWriter
        private var sources = SourceCache()

        init(plan: Plan, image: HostFile, base: UInt64 = 0) {
            self.plan = plan
            self.image = image
            self.base = base
            batch = BatchedWriter(image: image)
        }

        var blockSize: Int { plan.geometry.blockSize }

        /// Everything but host-file data: group metadata, xattr, indirect, directory and symlink
        /// blocks, the journal superblock, and files whose bytes are in memory. A source that
        /// streams file data (a tarball) calls this, then `placeData` per file in its own order.
        mutating func writeMetadata() throws {
            try writeGroupMetadata()
            for (physical, block, refcount) in plan.xattrBlocks {
                try batch.write(block.encode(blockSize: blockSize, refcount: refcount), at: offset(physical))
            }
            for index in plan.inodes.indices {
                try writeIndirectBlocks(plan.inodes[index].map)
                try writePayload(ofInodeAt: index)
            }
            try batch.flush()
        }

        /// Copies the data of every file that is a span of a host file.
        mutating func copyFileData() throws {
            for index in plan.inodes.indices {
                guard case .file(let content) = plan.inodes[index].payload, case .hostFile = content.source else { continue }
                for range in content.effectiveDataRanges {
                    try placeData(ofInodeAt: index, range: range, from: content)
                }
            }
        }

        private func offset(_ block: UInt32) -> UInt64 { base + UInt64(block) * UInt64(blockSize) }

        private mutating func writeGroupMetadata() throws {
            let geometry = plan.geometry
            let superblock = plan.superblock()
            let descriptors = plan.groupDescriptors()
            var inodeIndex = 0
            for g in 0..<geometry.groupCount {
                if Geometry.hasSuperblock(g) {
                    let at: UInt64 = g == 0 ? base + 1024 : offset(geometry.groupStart(g))
                    try image.write(superblock.encode(group: g), at: at)
                    try image.write(descriptors, at: offset(geometry.groupStart(g) + 1))
                }
                try image.write(plan.groupTables(g, inodeIndex: &inodeIndex), at: offset(geometry.blockBitmap(g)))
            }
        }

        private mutating func writeIndirectBlocks(_ map: BlockMap) throws {
            let bs = blockSize
            try map.forEachIndirectBlock(perBlock: plan.perBlock) { physical, pointers in
                var b = [UInt8](repeating: 0, count: bs)
                for (i, p) in pointers.enumerated() where p != 0 { b.putLE32(p, at: 4 * i) }
                try batch.write(b, at: offset(physical))
            }
        }

        private mutating func writePayload(ofInodeAt index: Int) throws {
            let placed = plan.inodes[index]
            switch placed.payload {
            case .none:
                return
            case .directory(let bytes):
                for run in placed.map.runs {
                    let from = Int(run.logical) * blockSize
                    try batch.write(Array(bytes[from..<(from + Int(run.count) * blockSize)]), at: offset(run.physical))
                }
            case .symlink(let target):
                try batch.write(target, at: offset(placed.map.runs[0].physical))
            case .journal:
                let sb = JournalSuperblock(blockSize: UInt32(blockSize), maxLength: plan.journalBlocks, uuid: plan.options.uuid)
                try batch.write(sb.encode(), at: offset(placed.map.runs[0].physical))
            case .file(let content):
                guard case .bytes = content.source else { return }
                for range in content.effectiveDataRanges {
                    try placeData(ofInodeAt: index, range: range, from: content)
                }
            }
        }

        /// Copies bytes `range` of a file (inode `index` of the plan, see `Plan.index(of:)`) into
        /// the blocks the plan gave them.
        mutating func placeData(ofInodeAt index: Int, range: Range<UInt64>, from content: Content) throws {
            let clipped = range.clamped(to: 0..<content.size)
            for piece in plan.placements(ofInodeAt: index, bytes: clipped) {
                switch content.source {
                case .bytes(let bytes):
                    try batch.write(Array(bytes[Int(piece.file)..<Int(piece.file + piece.length)]), at: base + piece.image)
                case .hostFile(let path, let start):
                    let source = try sources.open(path)
                    try image.copy(from: source, at: start + piece.file, count: piece.length, to: base + piece.image)
                }
            }
        }
    }

    /// Keeps the last host file open: many files may be spans of one spool file.
    struct SourceCache {
        private var file: HostFile?

        mutating func open(_ path: String) throws -> HostFile {
            if let file, file.path == path { return file }
            try file?.close()
            let f = try HostFile.openForReading(path)
            file = f
            return f
        }
    }

    /// Gathers small writes that follow each other on disk into one pwrite (directory, indirect,
    /// xattr and small-file blocks are allocated next to each other).
    struct BatchedWriter {
        let image: HostFile
        private var start: UInt64 = 0
        private var pending: [UInt8] = []
        static let limit = 1 << 20

        init(image: HostFile) { self.image = image }

        mutating func write(_ bytes: [UInt8], at offset: UInt64) throws {
            if !pending.isEmpty && (start + UInt64(pending.count) != offset || pending.count >= BatchedWriter.limit) {
                try flush()
            }
            if pending.isEmpty { start = offset }
            pending.append(contentsOf: bytes)
        }

        mutating func flush() throws {
            guard !pending.isEmpty else { return }
            try image.write(pending, at: start)
            pending.removeAll(keepingCapacity: true)
        }
    }
}
