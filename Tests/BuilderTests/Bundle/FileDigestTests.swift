import Foundation
import Testing

@testable import Builder

@Suite struct FileDigestTests {
    /// A sparse file (data in the middle, a hole at each end and between) hashes as sha256sum
    /// reads it, holes as zeros, and the stream really skipped the holes.
    @Test func aSparseFileHashesAsSha256sumReadsIt() throws {
        let dir = try CLIHarness.scratch("digest")
        defer { CLIHarness.remove(dir) }
        let path = dir + "/sparse.img"
        let f = try HostFile.create(path)
        try f.truncate(to: (10 << 20) + 4096 + 17)
        try f.write([UInt8](repeating: 0x5A, count: 8192), at: 3 << 20)
        try f.write(Array("middle".utf8), at: 7 << 20)
        try f.write([1], at: (10 << 20) + 4096 + 16)
        try f.close()

        let stream = try SparseStream.open(path)
        #expect(stream.dataRanges.count >= 2 && stream.dataBytes < stream.size / 4, "\(stream.dataRanges)")
        try stream.close()
        let digest = try FileDigest.of(path)
        #expect(digest.size == (10 << 20) + 4096 + 17)
        #expect(digest.sha256 == (try GuestFolderOracle.sha256sum(path)))
    }

    @Test func plainAndEmptyFilesHashAsSha256sumDoes() throws {
        let dir = try CLIHarness.scratch("digest-plain")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write(String(repeating: "builder\n", count: 300_000), to: dir + "/plain")
        try CLIHarness.write("", to: dir + "/empty")
        for name in ["plain", "empty"] {
            #expect(try FileDigest.of(dir + "/" + name).sha256 == (try GuestFolderOracle.sha256sum(dir + "/" + name)), "\(name)")
        }
        #expect(FileDigest.sha256([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
