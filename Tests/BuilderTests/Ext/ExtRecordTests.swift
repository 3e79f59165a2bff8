import Foundation
import Testing
@testable import Builder

/// The records checked against what the real tool writes for the same parameters.
@Suite("Ext writer: records against mke2fs")
struct ExtRecordTests {
    /// Header lines that legitimately differ: times, and s_overhead_clusters (mke2fs 1.47 fills
    /// it; the 2.6.9 kernel has no such field and e2fsck does not require it).
    static let varying = ["Filesystem created", "Last write time", "Last checked", "Overhead clusters", "Lifetime writes",
                          "Last mount time", "Journal start"]

    private func header(_ image: String) throws -> [String] {
        try Tool.dumpe2fs(image).split(separator: "\n").map(String.init)
            .filter { line in !ExtRecordTests.varying.contains { line.hasPrefix($0 + ":") } }
    }

    @Test("An empty ext3 image matches mke2fs -t ext3 -I 128 -O ^resize_inode,^dir_index field for field",
          arguments: [4096, 1024])
    func emptyImageMatchesMke2fs(blockSize: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var options = ExtFixture.options(.ext3, blockSize: blockSize)
        options.inodeCount = 16384
        let ours = scratch.file("ours.img")
        _ = try Ext.write(ExtFixture.newTree(), size: 256 << 20, options: options, to: ours)
        let theirs = scratch.file("mke2fs.img")
        try Tool.run(["truncate", "-s", "256M", theirs])
        let made = try Tool.run([
            "mke2fs", "-q", "-F", "-t", "ext3", "-I", "128", "-O", "^resize_inode,^dir_index", "-b", "\(blockSize)",
            "-N", "16384", "-m", "5", "-U", "01020304-0506-0708-090a-0b0c0d0e0f10",
            "-E", "hash_seed=65666768-696a-6b6c-6d6e-6f7071727374", "-L", "test", theirs,
        ])
        try #require(made.status == 0, "\(made.output)")
        let a = try header(ours), b = try header(theirs)
        #expect(a.contains { $0.hasPrefix("Free blocks:") } && a.count > 40, "dumpe2fs gave no header: \(a)")
        #expect(a == b, "dumpe2fs -h differs:\n\(a.difference(from: b))")

        // The journal superblock: byte for byte (its first 1024 bytes; the rest is zero in both).
        let journalOf = { (image: String) throws -> [UInt8] in
            let out = scratch.file("journal")
            try? FileManager.default.removeItem(atPath: out)
            _ = try Tool.debugfs(image, "dump <8> \(out)")
            return try HostFile.openForReading(out).read(count: blockSize, at: 0)
        }
        #expect(try journalOf(ours) == journalOf(theirs))
    }
}
