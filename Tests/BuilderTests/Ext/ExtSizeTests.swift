import Foundation
import Testing
@testable import Builder

@Suite("Ext writer: sizes and inode counts")
struct ExtSizeTests {
    private func tree(files: Int, bytesEach: Int) throws -> Tree {
        var tree = ExtFixture.newTree()
        let dir = try tree.makeDirectories(GuestPath("/data"), template: ExtFixture.directory())
        for i in 0..<files {
            let node = Node(kind: .regular(.bytes([UInt8](repeating: UInt8(i % 251), count: bytesEach))), permissions: 0o644, mtime: ExtFixture.epoch)
            try tree.link(Name("f\(i)"), in: dir, to: tree.add(node))
        }
        return tree
    }

    @Test("autoSize holds the tree with the free space asked for, beyond the reserved blocks",
          arguments: [(Ext.Flavor.ext3, 4096), (.ext2, 1024), (.ext3, 1024)])
    func autoSize(flavor: Ext.Flavor, blockSize: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tree = try tree(files: 300, bytesEach: 10_000)
        let options = ExtFixture.options(flavor, blockSize: blockSize)
        let free: UInt64 = 5 << 20
        let size = try Ext.autoSize(for: tree, free: free, options: options)
        #expect(size % UInt64(blockSize) == 0)
        let image = scratch.file("fs.img")
        let summary = try Ext.write(tree, size: size, options: options, to: image)
        try Tool.expectClean(image)
        let dump = try Tool.dumpe2fs(image)
        let freeBlocks = UInt64(Tool.field("Free blocks", in: dump) ?? "") ?? 0
        let reserved = UInt64(Tool.field("Reserved block count", in: dump) ?? "") ?? .max
        #expect(freeBlocks >= reserved + free / UInt64(blockSize), "\(dump)")
        // Not wastefully large: within the free space plus 10% of the whole.
        #expect(freeBlocks <= reserved + free / UInt64(blockSize) + summary.blocksTotal / 10 + 64)
        let freeInodes = UInt64(Tool.field("Free inodes", in: dump) ?? "") ?? 0
        #expect(freeInodes >= 1024)
    }

    @Test("A too small size throws doesNotFit whose needed size then works", arguments: [Ext.Flavor.ext2, .ext3])
    func doesNotFit(flavor: Ext.Flavor) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tree = try tree(files: 400, bytesEach: 30_000)
        let options = ExtFixture.options(flavor, blockSize: 1024)
        var needed: UInt64 = 0
        do {
            _ = try Ext.write(tree, size: 10 << 20, options: options, to: scratch.file("small.img"))
            Issue.record("a 10 MiB image cannot hold 12 MB of files")
        } catch Ext.WriteError.doesNotFit(let n, let available) {
            #expect(available == 10 << 20)
            needed = n
        }
        #expect(needed > 12_000_000)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("small.img")))
        let image = scratch.file("fs.img")
        _ = try Ext.write(tree, size: needed, options: options, to: image)
        try Tool.expectClean(image)
    }

    @Test("An explicit inode count is honoured, and refused when below the tree's needs")
    func inodeCount() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tree = try tree(files: 100, bytesEach: 10)
        var options = ExtFixture.options(.ext2)
        options.inodeCount = 50
        #expect(throws: Ext.WriteError.tooFewInodes(requested: 50, needed: 112)) {
            _ = try Ext.write(tree, size: 8 << 20, options: options, to: scratch.file("a.img"))
        }
        options.inodeCount = 4000
        let image = scratch.file("fs.img")
        let summary = try Ext.write(tree, size: 8 << 20, options: options, to: image)
        try Tool.expectClean(image)
        #expect(summary.inodesTotal >= 4000 && summary.inodesTotal < 4000 + 256)
        #expect(summary.inodesUsed == 112)
    }

    @Test("ext3 below 2048 blocks is too small (with the size that fits); a last group too small is dropped")
    func smallAndRagged() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tree = ExtFixture.newTree()
        let ext3 = ExtFixture.options(.ext3, blockSize: 1024)
        do {
            _ = try Ext.write(tree, size: 1000 * 1024, options: ext3, to: scratch.file("a.img"))
            Issue.record("1000 blocks of ext3 were accepted")
        } catch Ext.WriteError.doesNotFit(let needed, let available) {
            #expect(available == 1000 * 1024)
            #expect(needed >= 2048 * 1024, "the journal alone needs 2048 blocks")
            _ = try Ext.write(tree, size: needed, options: ext3, to: scratch.file("b.img"))
            try Tool.expectClean(scratch.file("b.img"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("a.img")), "a failed write leaves no image")
        // 1 KiB blocks: 8192 per group; 8193 + 20 blocks leaves a 20-block last group → dropped.
        let image = scratch.file("fs.img")
        let summary = try Ext.write(tree, size: (8193 + 20) * 1024, options: ExtFixture.options(.ext2, blockSize: 1024), to: image)
        #expect(summary.blocksTotal == 8193)
        try Tool.expectClean(image)
        let image2 = scratch.file("fs2.img")
        let s2 = try Ext.write(tree, size: (8193 + 3000) * 1024, options: ExtFixture.options(.ext2, blockSize: 1024), to: image2)
        #expect(s2.blocksTotal == 8193 + 3000)
        try Tool.expectClean(image2)
    }
}
