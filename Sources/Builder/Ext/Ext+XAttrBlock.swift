extension Ext {
    /// An extended-attribute block (e2fsprogs lib/ext2fs/ext2_ext_attr.h): a 32-byte header,
    /// entries from offset 32 ended by four zero bytes, values packed from the block's end, each
    /// padded to 4 bytes. Inodes with identical attributes share one block (h_refcount).
    struct XAttrBlock: Hashable {
        struct Entry: Hashable {
            /// e_name_index: 1 user., 2 POSIX access ACL, 3 POSIX default ACL, 4 trusted., 6 security.
            var index: UInt8
            /// The name without its namespace prefix.
            var name: [UInt8]
            var value: [UInt8]

            /// EXT2_EXT_ATTR_LEN: 16 header bytes plus the name, rounded up to 4.
            var entryLength: Int { (16 + name.count + 3) & ~3 }
            var valueLength: Int { (value.count + 3) & ~3 }
        }

        /// Sorted by (index, name length, name): the order the kernel's ext2/ext3 xattr code keeps
        /// and relies on when it searches a block (fs/ext3/xattr.c ext3_xattr_find_entry).
        var entries: [Entry]

        static let magic: UInt32 = 0xEA02_0000
        static let headerLength = 32

        /// Bytes the block needs: header, entries, the 4-byte terminator, padded values.
        var length: Int {
            XAttrBlock.headerLength + entries.reduce(0) { $0 + $1.entryLength + $1.valueLength } + 4
        }

        /// The block for `xattrs` of the file at `path` (nil when it has none).
        static func make(_ xattrs: [XAttr], path: String, blockSize: Int) throws -> XAttrBlock? {
            guard !xattrs.isEmpty else { return nil }
            var entries: [Entry] = []
            for x in xattrs {
                entries.append(try entry(for: x, path: path))
            }
            entries.sort { a, b in
                if a.index != b.index { return a.index < b.index }
                if a.name.count != b.name.count { return a.name.count < b.name.count }
                return a.name.lexicographicallyPrecedes(b.name)
            }
            let block = XAttrBlock(entries: entries)
            guard block.length <= blockSize else {
                throw WriteError.xattrsTooBig(path: path, bytes: block.length, blockSize: blockSize)
            }
            return block
        }

        private static func entry(for x: XAttr, path: String) throws -> Entry {
            switch x.name {
            case "system.posix_acl_access":
                return Entry(index: 2, name: [], value: try diskACL(x.value, path: path, name: x.name))
            case "system.posix_acl_default":
                return Entry(index: 3, name: [], value: try diskACL(x.value, path: path, name: x.name))
            default:
                for (prefix, index) in [("user.", UInt8(1)), ("trusted.", 4), ("security.", 6)] where x.name.hasPrefix(prefix) {
                    let name = Array(x.name.utf8.dropFirst(prefix.utf8.count))
                    guard !name.isEmpty, name.count <= 255 else { break }
                    return Entry(index: index, name: name, value: x.value)
                }
                throw WriteError.unsupportedXAttr(path: path, name: x.name)
            }
        }

        /// The block's bytes, with `refcount` inodes sharing it.
        func encode(blockSize: Int, refcount: UInt32) -> [UInt8] {
            var b = [UInt8](repeating: 0, count: blockSize)
            b.putLE32(XAttrBlock.magic, at: 0x00)  // h_magic
            b.putLE32(refcount, at: 0x04)          // h_refcount
            b.putLE32(1, at: 0x08)                 // h_blocks: always 1
            // h_checksum 0x10 and h_reserved stay 0 (no metadata_csum).
            var at = XAttrBlock.headerLength
            var valueEnd = blockSize
            var blockHash: UInt32 = 0
            for e in entries {
                var valueOffset = 0
                if !e.value.isEmpty {
                    valueEnd -= e.valueLength
                    valueOffset = valueEnd
                    b.putBytes(e.value, at: valueOffset)
                }
                let hash = XAttrBlock.entryHash(e)
                b[at] = UInt8(e.name.count)                    // e_name_len
                b[at + 1] = e.index                            // e_name_index
                b.putLE16(UInt16(valueOffset), at: at + 2)     // e_value_offs
                // e_value_inum at + 4 stays 0: the value is in this block.
                b.putLE32(UInt32(e.value.count), at: at + 8)   // e_value_size
                b.putLE32(hash, at: at + 12)                   // e_hash
                b.putBytes(e.name, at: at + 16)                // e_name
                at += e.entryLength
                // ext2fs_ext_attr_block_rehash: rotate by 16, xor each entry's hash.
                blockHash = (blockHash << 16) ^ (blockHash >> 16) ^ hash
            }
            b.putLE32(blockHash, at: 0x0C)         // h_hash
            return b
        }

        /// ext2fs_ext_attr_hash_entry (lib/ext2fs/ext_attr.c), with the name's bytes as signed
        /// chars as the x86 kernel hashes them: name bytes rotated in by 5, then the value's
        /// little-endian 32-bit words (zero padded) rotated in by 16.
        static func entryHash(_ e: Entry) -> UInt32 {
            var hash: UInt32 = 0
            for c in e.name {
                let signed = UInt32(bitPattern: Int32(Int8(bitPattern: c)))
                hash = (hash << 5) ^ (hash >> 27) ^ signed
            }
            if !e.value.isEmpty {
                var padded = e.value
                padded.append(contentsOf: [UInt8](repeating: 0, count: e.valueLength - e.value.count))
                for w in stride(from: 0, to: padded.count, by: 4) {
                    hash = (hash << 16) ^ (hash >> 16) ^ padded.readLE32(at: w)
                }
            }
            return hash
        }
    }
}
