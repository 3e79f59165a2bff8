import Foundation
import Testing

@testable import Builder

@Suite struct SwapImageTests {
    @Test func headerFieldsSitWhereTheKernelReadsThem() throws {
        let uuid: [UInt8] = Array(1...16)
        let page = try SwapImage.header(size: 64 << 20, uuid: uuid, label: "swp")
        #expect(page.count == 4096)
        #expect(page[0..<1024].allSatisfy { $0 == 0 })
        #expect(page.le32(1024) == 1)
        #expect(page.le32(1028) == UInt32((64 << 20) / 4096 - 1))
        #expect(page.le32(1032) == 0)
        #expect(Array(page[1036..<1052]) == uuid)
        #expect(Array(page[1052..<1068]) == Array("swp".utf8) + [UInt8](repeating: 0, count: 13))
        #expect(Array(page[4086..<4096]) == Array("SWAPSPACE2".utf8))
    }

    @Test func refusesSizesTheKernelCannotUse() {
        #expect(throws: SwapImage.Error.badSize(5000)) { try SwapImage.header(size: 5000, uuid: Array(repeating: 0, count: 16), label: "") }
        #expect(throws: SwapImage.Error.badSize(9 * 4096)) { try SwapImage.header(size: 9 * 4096, uuid: Array(repeating: 0, count: 16), label: "") }
        #expect(throws: SwapImage.Error.badLabel("seventeen-bytes-x")) {
            try SwapImage.header(size: 1 << 20, uuid: Array(repeating: 0, count: 16), label: "seventeen-bytes-x")
        }
    }

    /// blkid and swaplabel (util-linux) are the oracles: type, UUID, label, and the image is sparse.
    @Test func blkidAndSwaplabelRecognizeTheImage() throws {
        let dir = try CLIHarness.scratch("swap")
        defer { CLIHarness.remove(dir) }
        let path = dir + "/sda2.img"
        let uuid = DiskIdentity.uuid(.swapUUID, guest: "web", device: "sda2")
        try SwapImage.write(size: 256 << 20, uuid: uuid, label: "guest-swap", to: path)

        let blkid = try CLIHarness.run("blkid", ["-p", "-o", "export", path])
        #expect(blkid.status == 0, "\(blkid.stderr)")
        #expect(blkid.out.contains("TYPE=swap"), "\(blkid.out)")
        #expect(blkid.out.contains("UUID=\(DiskIdentity.text(uuid))"), "\(blkid.out)")
        #expect(blkid.out.contains("LABEL=guest-swap"), "\(blkid.out)")
        #expect(blkid.out.contains("VERSION=1"), "\(blkid.out)")

        let label = try CLIHarness.run("swaplabel", [path])
        #expect(label.status == 0, "\(label.stderr)")
        #expect(label.out.contains("LABEL: guest-swap"), "\(label.out)")
        #expect(label.out.contains("UUID:  \(DiskIdentity.text(uuid))"), "\(label.out)")

        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.size] as? UInt64) == 256 << 20)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_blocks * 512 <= 64 * 1024, "a swap image is a header and a hole; it uses \(st.st_blocks * 512) bytes")
    }

    @Test func identitiesAreStableAndDistinct() {
        let a = DiskIdentity.uuid(.swapUUID, guest: "web", device: "sda2")
        #expect(a == DiskIdentity.uuid(.swapUUID, guest: "web", device: "sda2"))
        #expect(a != DiskIdentity.uuid(.swapUUID, guest: "web", device: "sda3"))
        #expect(a != DiskIdentity.uuid(.swapUUID, guest: "db", device: "sda2"))
        #expect(a != DiskIdentity.uuid(.filesystemUUID, guest: "web", device: "sda2"))
        #expect(a[6] >> 4 == 5 && a[8] >> 6 == 2, "version and variant bits")
        #expect(DiskIdentity.text(Array(0...15)) == "00010203-0405-0607-0809-0a0b0c0d0e0f")
    }
}
