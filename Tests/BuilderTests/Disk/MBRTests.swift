import Foundation
import Testing

@testable import Builder

/// The partition table against util-linux's sfdisk: sfdisk writes the same table from a script
/// into a blank file, and its sector 0 must equal ours byte for byte (CHS fields included); then
/// `sfdisk -J` reads ours back.
@Suite struct MBRTests {
    /// sfdisk's own MBR for `table` (same identifier, starts, sizes, types, boot flags).
    static func sfdiskSector(_ table: DiskImage.Table, in dir: String) throws -> [UInt8] {
        let path = dir + "/sfdisk.img"
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: table.size)
        try handle.close()
        var script = "label: dos\nlabel-id: 0x\(String(table.mbr.signature, radix: 16))\n"
        // Named lines keep each partition in its slot (an unnamed line takes the next free one).
        for (i, slot) in table.mbr.slots.enumerated() {
            guard let p = slot else { continue }
            script += "\(path)\(i + 1) : start=\(p.start), size=\(p.sectors), type=\(String(p.type, radix: 16))\(p.bootable ? ", bootable" : "")\n"
        }
        try script.write(toFile: dir + "/script", atomically: false, encoding: .utf8)
        let r = try CLIHarness.run("sh", ["-c", "sfdisk -q --no-reread --no-tell-kernel '\(path)' < '\(dir)/script'"])
        try #require(r.status == 0, "sfdisk: \(r.stderr)\n\(script)")
        return try HostFile.openForReading(path).read(count: 512, at: 0)
    }

    static func write(_ table: DiskImage.Table, to path: String) throws {
        let file = try HostFile.create(path)
        try file.truncate(to: table.size)
        try file.write(table.mbr.encode(), at: 0)
        try file.close()
    }

    @Test(arguments: [
        // The default recipe's shape: root then swap.
        [DiskImage.Member(slot: 1, size: 76_378_112, type: 0x83, bootable: true),
         DiskImage.Member(slot: 2, size: 128 << 20, type: 0x82, bootable: false)],
        // Past cylinder 1023 (8 GiB at 255 heads × 63 sectors): the CHS fields saturate; a gap at slot 2.
        [DiskImage.Member(slot: 1, size: 9 << 30, type: 0x83, bootable: false),
         DiskImage.Member(slot: 3, size: 1 << 20, type: 0x82, bootable: false),
         DiskImage.Member(slot: 4, size: 3 * 4096, type: 0x83, bootable: true)],
    ])
    func ourSectorIsTheOneSfdiskWrites(members: [DiskImage.Member]) throws {
        let dir = try CLIHarness.scratch("mbr")
        defer { CLIHarness.remove(dir) }
        let table = try DiskImage.plan(members, signature: 0x1234_abcd)
        #expect(table.mbr.encode() == (try Self.sfdiskSector(table, in: dir)))
    }

    @Test func sfdiskReadsStartsSizesTypesAndTheBootFlag() throws {
        let dir = try CLIHarness.scratch("mbr-json")
        defer { CLIHarness.remove(dir) }
        let table = try DiskImage.plan(
            [DiskImage.Member(slot: 2, size: 64 << 20, type: 0x82, bootable: false),
             DiskImage.Member(slot: 1, size: 10_000 * 4096, type: 0x83, bootable: true)],
            signature: 0xdead_beef)
        try Self.write(table, to: dir + "/d.img")
        let r = try CLIHarness.run("sfdisk", ["-J", dir + "/d.img"])
        try #require(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let pt = try #require(json["partitiontable"] as? [String: Any])
        #expect(pt["label"] as? String == "dos" && pt["id"] as? String == "0xdeadbeef", "\(pt)")
        let parts = try #require(pt["partitions"] as? [[String: Any]])
        try #require(parts.count == 2, "\(parts)")
        // Slot 1 first at 1 MiB, slot 2 at the next 1 MiB boundary after it.
        #expect(parts[0]["start"] as? Int == 2048 && parts[0]["size"] as? Int == 80_000)
        #expect(parts[0]["type"] as? String == "83" && parts[0]["bootable"] as? Bool == true, "\(parts[0])")
        let second = 2048 + (80_000 + 2047) / 2048 * 2048
        #expect(parts[1]["start"] as? Int == second && parts[1]["size"] as? Int == 131_072, "\(parts[1])")
        #expect(parts[1]["type"] as? String == "82" && parts[1]["bootable"] == nil, "\(parts[1])")
        #expect(table.size == UInt64(second + 131_072) * 512)
        let verify = try CLIHarness.run("sfdisk", ["-V", dir + "/d.img"])
        #expect(verify.status == 0 && verify.out.contains("No errors detected"), "\(verify.out)\(verify.stderr)")
    }

    @Test func plansRefuseWhatAnMBRCannotHold() {
        #expect(throws: DiskImage.Error.badSlot(5)) {
            try DiskImage.plan([DiskImage.Member(slot: 5, size: 4096, type: 0x83, bootable: true)], signature: 1)
        }
        #expect(throws: DiskImage.Error.slotTwice(1)) {
            try DiskImage.plan(
                [DiskImage.Member(slot: 1, size: 4096, type: 0x83, bootable: true),
                 DiskImage.Member(slot: 1, size: 4096, type: 0x82, bootable: false)], signature: 1)
        }
        #expect(throws: DiskImage.Error.notWholeSectors(slot: 1, size: 1000)) {
            try DiskImage.plan([DiskImage.Member(slot: 1, size: 1000, type: 0x83, bootable: true)], signature: 1)
        }
        #expect(throws: DiskImage.Error.tooLarge((1 << 20) + (2 << 40))) {
            try DiskImage.plan([DiskImage.Member(slot: 1, size: 2 << 40, type: 0x83, bootable: true)], signature: 1)
        }
    }

    @Test func partitionNamesSplitIntoDiskAndNumber() {
        #expect(DiskImage.partitionOf("sda2")! == ("sda", 2))
        #expect(DiskImage.partitionOf("xvdb12")! == ("xvdb", 12))
        #expect(DiskImage.partitionOf("sda") == nil)
        #expect(DiskImage.partitionOf("12") == nil)
    }
}
