import Foundation
import Testing

@testable import Builder

/// Host folder → DirectorySource → Ext.write → judged by e2fsck, dumpe2fs, a loop mount compared
/// with the source, and a second bake that must give the same bytes.
@Suite(.serialized)
struct DirectoryToExtTests {
    static func options(_ flavor: Ext.Flavor, blockSize: Int) -> Ext.Options {
        Ext.Options(
            flavor: flavor, blockSize: blockSize,
            uuid: Array(0x10...0x1f), hashSeed: Array(0x20...0x2f), label: "e2e",
            timestamp: Timestamp(seconds: Timestamp.defaultEpoch))
    }

    /// Writes `tree` twice (auto size with `free` bytes spare), checks the first image with every
    /// oracle against `source`, and the second for the same sha256.
    static func bakeAndJudge(_ tree: Tree, source: String, flavor: Ext.Flavor, blockSize: Int, free: UInt64) throws {
        let dir = try HostTools.temporaryDirectory("e2e-\(flavor.rawValue)-\(blockSize)")
        defer { HostTools.cleanUp(dir) }
        let options = options(flavor, blockSize: blockSize)
        let size = try Ext.autoSize(for: tree, free: free, options: options)
        let first = dir + "/first.img", second = dir + "/second.img"
        let summary = try Ext.write(tree, size: size, options: options, to: first)
        #expect(summary.sizeBytes == size && summary.blockSize == blockSize)

        let oracleFlavor: ImageOracle.Flavor = flavor == .ext3 ? .ext3 : .ext2
        let problems = try ImageOracle.all(first, source: source, flavor: oracleFlavor)
        #expect(problems.isEmpty, "\(flavor.rawValue) \(blockSize)-byte blocks:\n\(problems.joined(separator: "\n"))")

        _ = try Ext.write(tree, size: size, options: options, to: second)
        #expect(try ImageOracle.sha256(first) == ImageOracle.sha256(second), "two bakes of one tree differ")
    }

    @Test("the fixture as ext3 with 4 KiB blocks", .timeLimit(.minutes(10)))
    func ext3Blocks4K() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        try Self.bakeAndJudge(try DirectorySource.read(fixture.tree), source: fixture.tree,
                              flavor: .ext3, blockSize: 4096, free: 16 << 20)
    }

    @Test("the fixture as ext3 with 1 KiB blocks (triple indirect blocks from 65804 KiB)", .timeLimit(.minutes(10)))
    func ext3Blocks1K() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        try Self.bakeAndJudge(try DirectorySource.read(fixture.tree), source: fixture.tree,
                              flavor: .ext3, blockSize: 1024, free: 16 << 20)
    }

    @Test("the fixture as ext2", .timeLimit(.minutes(10)))
    func ext2() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        try Self.bakeAndJudge(try DirectorySource.read(fixture.tree), source: fixture.tree,
                              flavor: .ext2, blockSize: 4096, free: 16 << 20)
    }

    @Test("holes stay holes: the 5 GiB sparse file takes a few blocks in the image")
    func holesStayHoles() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)
        let options = Self.options(.ext3, blockSize: 4096)
        let size = try Ext.autoSize(for: tree, free: 16 << 20, options: options)
        #expect(size < 1 << 30, "auto size \(size) counts holes as data")
        let image = fixture.parent + "/holes.img"
        _ = try Ext.write(tree, size: size, options: options, to: image)
        let stat = try HostTools.run(["debugfs", "-R", "stat /sparse/over-4g-triple", image])
        let blocks = stat.output.split(separator: "\n").first { $0.contains("Blockcount:") }
            .flatMap { $0.split(separator: " ").last }.flatMap { UInt64($0) }
        let count = try #require(blocks, "debugfs stat: \(stat.output)")
        // 20 KiB of data in 5 data runs, plus at most a dozen indirect blocks: well under 200 KiB.
        #expect(count * 512 < 200 * 1024, "i_blocks \(count): holes were allocated")
    }

    @Test("an explicit size the tree does not fit in throws doesNotFit with the size needed")
    func tooSmall() throws {
        let fixture = try Fixture.make()
        defer { HostTools.cleanUp(fixture.parent) }
        let tree = try DirectorySource.read(fixture.tree)
        let image = fixture.parent + "/small.img"
        do {
            _ = try Ext.write(tree, size: 2 << 20, options: Self.options(.ext3, blockSize: 4096), to: image)
            Issue.record("a 2 MiB image took a tree with 5100 entries and 6 MiB of data")
        } catch Ext.WriteError.doesNotFit(let needed, let available) {
            #expect(available == 2 << 20)
            #expect(needed > 2 << 20, "needed \(needed)")
        }
    }

    @Test("a debootstrap'd Debian bookworm (minbase) tree, cached in .cache/", .timeLimit(.minutes(30)))
    func debianTree() throws {
        let source = try DebianTree.ensure()
        let tree = try DirectorySource.read(source)
        try Self.bakeAndJudge(tree, source: source, flavor: .ext3, blockSize: 4096, free: 64 << 20)
    }
}
