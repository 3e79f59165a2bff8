extension Ext {
    /// What an inode's blocks hold, for the writer.
    enum Payload {
        case none
        /// Every directory block, encoded.
        case directory([UInt8])
        case file(Content)
        /// A slow symlink's target (one block).
        case symlink([UInt8])
        case journal
    }

    /// One inode as the layout sees it: its record without block placement, and the logical
    /// blocks it needs.
    struct LayoutInode {
        var number: UInt32
        var inode: Inode
        /// Logical blocks that hold data (sorted, disjoint); holes are not listed.
        var logical: [Range<UInt64>]
        var payload: Payload
        /// Index into `Layout.xattrBlocks`.
        var xattrBlock: Int?
    }

    /// The part of the plan that does not depend on the image size: inode numbers, records,
    /// directory contents, xattr blocks and how many blocks each inode needs.
    struct Layout {
        var blockSize: Int
        /// Inodes 2, 11 and up, by number (reserved inodes 1, 3-10 are implied).
        var inodes: [LayoutInode]
        var xattrBlocks: [XAttrBlock]
        var xattrRefcounts: [UInt32]
        /// Data, indirect, directory, symlink and xattr blocks (the journal excluded).
        var blocksNeeded: UInt64
        /// The highest inode number used.
        var inodesNeeded: UInt32
        /// Inode number of each tree node.
        var numbers: [NodeID: UInt32]
    }

    /// lost+found's size as mke2fs's create_lost_and_found makes it: grown a block at a time
    /// until 16 KiB and at least 2 blocks, within the 12 direct blocks (16 KiB with 4 KiB blocks,
    /// 12 KiB with 1 KiB blocks).
    static func lostAndFoundBlocks(blockSize: Int) -> Int {
        var size = 0
        var blocks = 1
        for _ in 1..<12 {
            size += blockSize
            if size >= 16 * 1024 && size >= 2 * blockSize { break }
            blocks += 1
        }
        return blocks
    }

    static func layout(_ tree: Tree, options: Options) throws -> Layout {
        let bs = options.blockSize
        let numbering = try Numbering(tree)
        var builder = LayoutBuilder(tree: tree, options: options, numbering: numbering)
        for (number, id) in numbering.order {
            try builder.add(number: number, id: id)
        }
        if numbering.lostAndFound == nil { builder.addLostAndFound() }
        builder.inodes.sort { $0.number < $1.number }
        let perBlock = UInt64(bs / 4)
        let blocks = builder.inodes.reduce(UInt64(builder.xattrBlocks.count)) {
            $0 + BlockMap.blockCount($1.logical, perBlock: perBlock)
        }
        return Layout(
            blockSize: bs, inodes: builder.inodes, xattrBlocks: builder.xattrBlocks,
            xattrRefcounts: builder.refcounts, blocksNeeded: blocks, inodesNeeded: numbering.highest,
            numbers: numbering.number)
    }

    /// Inode numbers: 2 the root, 11 lost+found, then every other node in Tree.walk order, one
    /// number per node however many names it has.
    struct Numbering {
        var number: [NodeID: UInt32] = [:]
        var order: [(UInt32, NodeID)] = []
        var path: [NodeID: String] = [:]
        var parent: [NodeID: NodeID] = [:]
        var names: [NodeID: Int] = [:]
        var lostAndFound: NodeID?
        var highest: UInt32 = 11

        init(_ tree: Tree) throws {
            let lfName = try Name("lost+found")
            if let lf = tree.root.entries?[lfName] {
                guard tree[lf].isDirectory else { throw WriteError.lostAndFoundNotDirectory }
                lostAndFound = lf
            }
            var next: UInt32 = 12
            var failure: Error?
            tree.walk { p, id in
                guard failure == nil else { return }
                names[id, default: 0] += 1
                if let entries = tree[id].entries {
                    for child in entries.values where tree[child].isDirectory { parent[child] = id }
                }
                if number[id] != nil {
                    if tree[id].isDirectory { failure = WriteError.directoryLinkedTwice(path: p.description) }
                    return
                }
                let n: UInt32
                if id == Tree.rootID { n = 2 } else if id == lostAndFound { n = 11 } else { n = next; next += 1 }
                number[id] = n
                path[id] = p.description
                order.append((n, id))
            }
            if let failure { throw failure }
            highest = next - 1
        }
    }
}
