extension Ext {
    /// One directory entry (`struct ext2_dir_entry_2`, ext2_fs.h): inode, rec_len, name_len,
    /// file_type, then the name, the record padded to 4 bytes.
    struct DirectoryEntry {
        var inode: UInt32
        var name: [UInt8]
        var fileType: UInt8

        /// EXT2_FT_* values.
        static let typeRegular: UInt8 = 1
        static let typeDirectory: UInt8 = 2
        static let typeCharDevice: UInt8 = 3
        static let typeBlockDevice: UInt8 = 4
        static let typeFifo: UInt8 = 5
        static let typeSocket: UInt8 = 6
        static let typeSymlink: UInt8 = 7

        /// EXT2_DIR_REC_LEN: 8 header bytes plus the name, rounded up to 4.
        var minimumLength: Int { (8 + name.count + 3) & ~3 }

        func encode(into b: inout [UInt8], at o: Int, recordLength: Int) {
            b.putLE32(inode, at: o)                               // inode
            b.putLE16(UInt16(recordLength), at: o + 4)            // rec_len
            b[o + 6] = UInt8(name.count)                          // name_len
            b[o + 7] = fileType                                   // file_type
            b.putBytes(name, at: o + 8)                           // name (no NUL)
        }

        static func fileType(of node: Node) -> UInt8 {
            switch node.kind {
            case .regular: return typeRegular
            case .directory: return typeDirectory
            case .symlink: return typeSymlink
            case .characterDevice: return typeCharDevice
            case .blockDevice: return typeBlockDevice
            case .fifo: return typeFifo
            case .socket: return typeSocket
            }
        }
    }

    /// A linear directory's blocks: entries in the given order, none crossing a block, the last
    /// entry of each block stretched to the block end; blocks past the entries (lost+found's
    /// pre-expansion) hold one empty entry spanning the block, as ext2fs_new_dir_block makes.
    static func directoryBlocks(_ entries: [DirectoryEntry], blockSize: Int, minimumBlocks: Int) -> [UInt8] {
        var out: [UInt8] = []
        var block = [UInt8](repeating: 0, count: blockSize)
        var used = 0
        var last = -1
        func finish() {
            if last >= 0 { block.putLE16(UInt16(blockSize - last), at: last + 4) }
            out.append(contentsOf: block)
            block = [UInt8](repeating: 0, count: blockSize)
            used = 0
            last = -1
        }
        for e in entries {
            let len = e.minimumLength
            if used + len > blockSize { finish() }
            e.encode(into: &block, at: used, recordLength: len)
            last = used
            used += len
        }
        finish()
        while out.count < minimumBlocks * blockSize {
            var empty = [UInt8](repeating: 0, count: blockSize)
            empty.putLE16(UInt16(blockSize), at: 4)
            out.append(contentsOf: empty)
        }
        return out
    }
}
