import Foundation
import Testing
@testable import Builder

@Suite("Ext writer: directories and names")
struct ExtDirectoryTests {
    @Test("A 5000-entry directory, a 255-byte name and a non-UTF-8 name", arguments: [4096, 1024])
    func bigDirectory(blockSize: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var tree = ExtFixture.newTree()
        let dir = try tree.makeDirectories(GuestPath("/many"), template: ExtFixture.directory())
        for i in 0..<5000 {
            let id = tree.add(ExtFixture.file("\(i)"))
            try tree.link(Name("file-with-a-longish-name-\(i)"), in: dir, to: id)
        }
        let long = try Name(validating: [UInt8](repeating: UInt8(ascii: "n"), count: 255))
        try tree.link(long, in: Tree.rootID, to: tree.add(ExtFixture.file("long")))
        let latin1 = try Name(validating: [0x63, 0x61, 0x66, 0xE9])   // "café" in ISO-8859-1
        try tree.link(latin1, in: Tree.rootID, to: tree.add(ExtFixture.file("latin1")))
        for i in 0..<40 { try tree.makeDirectories(GuestPath("/many/sub\(i)"), template: ExtFixture.directory()) }

        let image = scratch.file("fs.img")
        _ = try Ext.write(tree, size: 64 << 20, options: ExtFixture.options(.ext3, blockSize: blockSize), to: image)
        try Tool.expectClean(image)
        let ls = try Tool.debugfs(image, "ls /many")
        let count = ls.components(separatedBy: "file-with-a-longish-name-").count - 1
        #expect(count == 5000)
        #expect(try Tool.debugfs(image, "stat /many").contains("Links: 42"))
        let root = try Tool.debugfs(image, "ls -l /")
        #expect(root.contains(String(repeating: "n", count: 255)))
        // The non-UTF-8 name, read back through the kernel byte for byte.
        let mnt = scratch.file("mnt")
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: false)
        let mounted = try Tool.run(["mount", "-o", "ro,loop", image, mnt])
        try #require(mounted.status == 0, "mount failed, so the name check cannot run: \(mounted.output)")
        defer { _ = try? Tool.run(["umount", mnt]) }
        #expect(try Tool.run(["sh", "-c", "cat \"$0/$(printf 'caf\\351')\"", mnt]).output == "latin1")
        #expect(try Tool.run(["sh", "-c", "ls \"$0/many\" | wc -l", mnt]).output == "5040\n")
    }
}
