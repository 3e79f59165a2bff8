import Foundation
import Testing

@testable import Builder

@Suite("HostFile: the host I/O layer")
struct HostFileTests {
    private func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("data ranges of a sparse file skip its holes")
    func sparseRanges() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let f = try HostFile.create(dir + "/sparse")
        let mib: UInt64 = 1 << 20
        try f.truncate(to: 64 * mib)
        try f.write([UInt8](repeating: 7, count: 4096), at: 8 * mib)
        try f.write([UInt8](repeating: 9, count: 4096), at: 64 * mib - 4096)
        let ranges = try f.dataRanges()
        // Filesystems report data at their own granularity; what matters is that the holes are seen.
        #expect(ranges.count == 2, "ranges: \(ranges)")
        #expect(ranges.allSatisfy { $0.count < 2 * mib }, "ranges: \(ranges)")
        #expect(ranges.first?.contains(8 * mib) == true)
        #expect(ranges.last?.upperBound == 64 * mib)
        try f.close()
    }

    @Test("copy moves bytes between files at the given offsets")
    func copyBetweenFiles() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = try HostFile.create(dir + "/src")
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try src.write(payload, at: 0)
        let dst = try HostFile.create(dir + "/dst")
        try dst.truncate(to: 1 << 20)
        try dst.copy(from: src, at: 1000, count: 50_000, to: 8192)
        #expect(try dst.read(count: 50_000, at: 8192) == Array(payload[1000..<51_000]))
        #expect(try dst.read(count: 16, at: 0) == [UInt8](repeating: 0, count: 16))
    }

    @Test("create refuses an existing file")
    func createIsExclusive() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try HostFile.create(dir + "/x")
        #expect(throws: SystemError.self) { _ = try HostFile.create(dir + "/x") }
    }
}
