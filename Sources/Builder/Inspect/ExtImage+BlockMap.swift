extension ExtImage {
    /// The physical block holding logical block `logical` of `inode`, or 0 for a hole. ext2's
    /// block map: i_block[0...11] direct, [12] single, [13] double, [14] triple indirect; each
    /// indirect block holds blockSize/4 little-endian pointers.
    func physicalBlock(of inode: ExtInode, _ logical: UInt64) throws -> UInt32 {
        let per = UInt64(blockSize / 4)
        var l = logical
        if l < 12 { return inode.pointer(Int(l)) }
        l -= 12
        var levels: Int
        var root: UInt32
        if l < per {
            levels = 1
            root = inode.pointer(12)
        } else if l - per < per * per {
            l -= per
            levels = 2
            root = inode.pointer(13)
        } else if l - per - per * per < per * per * per {
            l -= per + per * per
            levels = 3
            root = inode.pointer(14)
        } else {
            throw InspectError.corrupt(image: path, what: "inode \(inode.number) is larger than a block map can address")
        }
        var block = root
        while levels > 0 {
            if block == 0 { return 0 }
            var span: UInt64 = 1
            for _ in 1..<levels { span *= per }
            let index = Int(l / span)
            l %= span
            block = try pointers(block).le32(4 * index)
            levels -= 1
        }
        return block
    }

    /// The content of `inode` in order, a block at a time (holes read as zeros), the last chunk
    /// cut to the file's size.
    public func stream(_ inode: ExtInode, _ body: ([UInt8]) throws -> Void) throws {
        let bs = UInt64(blockSize)
        let count = (inode.size + bs - 1) / bs
        let zeros = [UInt8](repeating: 0, count: blockSize)
        for logical in 0..<count {
            let physical = try physicalBlock(of: inode, logical)
            var chunk = physical == 0 ? zeros : try block(physical)
            let end = min(bs, inode.size - logical * bs)
            if end < bs { chunk.removeLast(Int(bs - end)) }
            try body(chunk)
        }
    }

    /// `count` bytes of `inode` from `offset` (fewer at the end of the file).
    public func read(_ inode: ExtInode, offset: UInt64, count: Int) throws -> [UInt8] {
        guard offset < inode.size else { return [] }
        let end = min(inode.size, offset + UInt64(count))
        let bs = UInt64(blockSize)
        var out: [UInt8] = []
        out.reserveCapacity(Int(end - offset))
        var pos = offset
        while pos < end {
            let logical = pos / bs
            let physical = try physicalBlock(of: inode, logical)
            let from = Int(pos % bs)
            let to = Int(min(bs, end - logical * bs))
            if physical == 0 {
                out.append(contentsOf: repeatElement(0, count: to - from))
            } else {
                out.append(contentsOf: try block(physical)[from..<to])
            }
            pos = logical * bs + UInt64(to)
        }
        return out
    }

    /// The whole content of a (small) file.
    public func contents(_ inode: ExtInode) throws -> [UInt8] {
        guard inode.size <= 1 << 30 else {
            throw InspectError.corrupt(image: path, what: "inode \(inode.number) is too large to read at once")
        }
        return try read(inode, offset: 0, count: Int(inode.size))
    }

    /// A symlink's target: in i_block for a fast symlink (no data block: i_blocks counts only the
    /// xattr block, if any, as the kernel's ext2_inode_is_fast_symlink), else in its data block.
    public func symlinkTarget(_ inode: ExtInode) throws -> [UInt8] {
        let xattrSectors: UInt64 = inode.xattrBlock != 0 ? UInt64(blockSize / 512) : 0
        if inode.sectors == xattrSectors {
            guard inode.size <= 60 else {
                throw InspectError.corrupt(image: path, what: "fast symlink inode \(inode.number) claims \(inode.size) bytes")
            }
            return Array(inode.blockField.prefix(Int(inode.size)))
        }
        return try contents(inode)
    }
}
