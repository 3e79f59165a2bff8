import Foundation
import Testing
@testable import Builder

@Suite("Ext writer: block maps, holes and large files")
struct ExtBlockMapTests {
    /// Dumps `path` from the image with debugfs and compares it with `expected` on the host.
    private func expectSameContent(_ image: String, _ path: String, _ expected: String, scratch: Scratch) throws {
        let out = scratch.file("dumped")
        try? FileManager.default.removeItem(atPath: out)
        _ = try Tool.debugfs(image, "dump \(path) \(out)")
        let r = try Tool.run(["cmp", expected, out])
        #expect(r.status == 0, "\(path) differs: \(r.output)")
    }

    @Test("Direct, single, double and triple indirect files with 1 KiB blocks read back intact")
    func indirectLevels() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mark = { (s: String) in Array(s.utf8) }
        // 1 KiB blocks: 12 direct, then 256 single, 65536 double; triple starts at block 65804.
        let files: [(String, UInt64, [(UInt64, [UInt8])])] = [
            ("direct", 12 * 1024, [(0, [UInt8](repeating: 7, count: 12 * 1024))]),
            ("single", 200 * 1024, [(0, [UInt8](repeating: 1, count: 200 * 1024))]),
            ("double", 3 << 20, [(0, mark("start")), (1 << 20, [UInt8](repeating: 2, count: 100_000)), ((3 << 20) - 3, mark("end"))]),
            ("triple", 70 << 20, [(5000, mark("early")), ((70 << 20) - 4096, [UInt8](repeating: 3, count: 4096))]),
        ]
        var tree = ExtFixture.newTree()
        var hosts: [String: String] = [:]
        for (name, size, chunks) in files {
            let host = try scratch.sparseFile(name, size: size, chunks: chunks)
            hosts[name] = host
            // The chunks are the data; everything else is a hole (named explicitly, so the test
            // does not depend on the host filesystem's hole granularity).
            let ranges = chunks.map { $0.0..<($0.0 + UInt64($0.1.count)) }
            let content = Content(source: .hostFile(path: host, offset: 0), size: size, dataRanges: ranges)
            try tree.insert(Node(kind: .regular(content), permissions: 0o644, mtime: ExtFixture.epoch), at: GuestPath("/" + name))
        }
        let image = scratch.file("fs.img")
        _ = try Ext.write(tree, size: 32 << 20, options: ExtFixture.options(.ext3, blockSize: 1024), to: image)
        try Tool.expectClean(image)
        for (name, _, _) in files {
            try expectSameContent(image, "/" + name, hosts[name]!, scratch: scratch)
        }
        let triple = try Tool.debugfs(image, "stat /triple")
        #expect(triple.contains("(TIND)"), "\(triple)")
        // Holes stay holes: 1 direct block, 4 data blocks at the end and their TIND, DIND, IND.
        #expect(triple.contains("Blockcount: 16"), "\(triple)")
    }

    @Test("A sparse file over 4 GiB keeps its size (large_file) and allocates only its data")
    func over4GiB() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let size: UInt64 = (5 << 30) + 123
        let host = try scratch.sparseFile("big", size: size, chunks: [(0, Array("head".utf8)), (size - 5, Array("tail!".utf8))])
        let content = Content(source: .hostFile(path: host, offset: 0), size: size, dataRanges: [0..<4, (size - 5)..<size])
        var tree = ExtFixture.newTree()
        try tree.insert(Node(kind: .regular(content), permissions: 0o644, mtime: ExtFixture.epoch), at: GuestPath("/big"))
        let image = scratch.file("fs.img")
        _ = try Ext.write(tree, size: 64 << 20, options: ExtFixture.options(), to: image)
        try Tool.expectClean(image)
        let stat = try Tool.debugfs(image, "stat /big")
        #expect(stat.contains("Size: \(size)"), "\(stat)")
        // 2 data blocks; the tail (block 1310720) lies in the triple-indirect region, so
        // TIND, DIND and IND: 5 blocks of 8 sectors.
        #expect(stat.contains("Blockcount: 40"), "\(stat)")
        // Read head and tail through the kernel (debugfs would dump all 5 GiB, holes as zeros).
        let mnt = scratch.file("mnt")
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: false)
        let mounted = try Tool.run(["mount", "-o", "ro,loop", image, mnt])
        try #require(mounted.status == 0, "mount failed, so the content check cannot run: \(mounted.output)")
        defer { _ = try? Tool.run(["umount", mnt]) }
        #expect(try Tool.run(["head", "-c", "4", mnt + "/big"]).output == "head")
        #expect(try Tool.run(["tail", "-c", "5", mnt + "/big"]).output == "tail!")
        #expect(try Tool.run(["stat", "-c", "%s %b", mnt + "/big"]).output == "\(size) 40\n")
    }

    @Test("In-memory contents with holes inside blocks: partial blocks are allocated, whole holes are not")
    func holesInMemory() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var bytes = [UInt8](repeating: 0, count: 40_000)
        for i in 100..<200 { bytes[i] = 0x41 }
        for i in 30_000..<30_010 { bytes[i] = 0x42 }
        let content = Content(source: .bytes(bytes), size: 40_000, dataRanges: [100..<200, 30_000..<30_010])
        var tree = ExtFixture.newTree()
        try tree.insert(Node(kind: .regular(content), permissions: 0o644, mtime: ExtFixture.epoch), at: GuestPath("/holes"))
        let image = scratch.file("fs.img")
        _ = try Ext.write(tree, size: 8 << 20, options: ExtFixture.options(.ext2), to: image)
        try Tool.expectClean(image)
        let stat = try Tool.debugfs(image, "stat /holes")
        #expect(stat.contains("Blockcount: 16"), "\(stat)")
        let host = scratch.file("expected")
        FileManager.default.createFile(atPath: host, contents: Data(bytes))
        try expectSameContent(image, "/holes", host, scratch: scratch)
    }

    @Test("The indirect map helper places each indirect block before the data it maps")
    func mapOrder() throws {
        var next: UInt32 = 100
        let map = try Ext.BlockMap.build([0..<20], perBlock: 256) { n in
            defer { next += n }
            return [(next, n)]
        }
        #expect(map.pointers(perBlock: 256)[0] == 100)
        #expect(map.pointers(perBlock: 256)[12] == 112)   // IND right after the 12 direct blocks
        #expect(map.runs.last?.physical == 113)
        #expect(map.totalBlocks == 21)
        #expect(Ext.BlockMap.blockCount([0..<20], perBlock: 256) == 21)
    }
}

@Suite("Ext writer: data placement")
struct ExtPlacementTests {
    @Test("File data placed in any order (as a streaming source would) gives the same image")
    func anyOrder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var tree = ExtFixture.newTree()
        var ids: [NodeID] = []
        for i in 0..<20 {
            let host = try scratch.sparseFile("src\(i)", size: UInt64(5000 * (i + 1)), chunks: [(0, [UInt8](repeating: UInt8(i), count: 5000 * (i + 1)))])
            let content = Content(source: .hostFile(path: host, offset: 0), size: UInt64(5000 * (i + 1)))
            ids.append(try tree.insert(Node(kind: .regular(content), permissions: 0o644, mtime: ExtFixture.epoch), at: GuestPath("/f\(i)")))
        }
        let options = ExtFixture.options()
        _ = try Ext.write(tree, size: 16 << 20, options: options, to: scratch.file("a.img"))
        let plan = try Ext.plan(tree, size: 16 << 20, options: options)
        try Ext.writeImage(plan, size: 16 << 20, to: scratch.file("b.img")) { writer in
            for id in ids.reversed() {
                guard case .regular(let content) = tree[id].kind, let index = plan.index(of: id) else {
                    Issue.record("no inode for \(id)")
                    continue
                }
                // Second half first, then the first half.
                let half = content.size / 2
                try writer.placeData(ofInodeAt: index, range: half..<content.size, from: content)
                try writer.placeData(ofInodeAt: index, range: 0..<half, from: content)
            }
        }
        try Tool.expectClean(scratch.file("b.img"))
        #expect(try Tool.sha256(scratch.file("a.img")) == Tool.sha256(scratch.file("b.img")))
    }
}
