import Foundation
import Testing

@testable import Builder

/// recipes/c4-disk.json (the default recipe with `"layout": "disk"`) baked through the binary,
/// then read by the real tools: sfdisk for the table, blkid at each partition's offset, e2fsck on
/// the root partition cut out with dd, PyGrub booting the whole disk, Python reading the configs.
@Suite(.serialized) struct DiskLayoutTests {
    static var recipe: String { CLIHarness.packageRoot + "/recipes/c4-disk.json" }

    struct Partition {
        var start: Int
        var size: Int
        var type: String
        var bootable: Bool
    }

    static func partitions(_ image: String) throws -> (id: String, parts: [Partition]) {
        let r = try CLIHarness.run("sfdisk", ["-J", image])
        try #require(r.status == 0, "sfdisk -J: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let pt = try #require(json["partitiontable"] as? [String: Any])
        #expect(pt["label"] as? String == "dos", "\(pt)")
        let parts = try #require(pt["partitions"] as? [[String: Any]]).map {
            Partition(
                start: $0["start"] as? Int ?? -1, size: $0["size"] as? Int ?? -1, type: $0["type"] as? String ?? "",
                bootable: $0["bootable"] as? Bool ?? false)
        }
        return (pt["id"] as? String ?? "", parts)
    }

    static func blkid(_ image: String, at sector: Int) throws -> String {
        let r = try CLIHarness.run("blkid", ["-p", "-O", "\(sector * 512)", "-o", "export", image])
        try #require(r.status == 0, "blkid -O \(sector * 512): \(r.stderr)")
        return r.out
    }

    @Test func theDiskLayoutBakesOnePartitionedImageThatPyGrubBoots() throws {
        let out = try CLIHarness.scratch("disk-layout")
        defer { CLIHarness.remove(out) }
        let r = try CLIHarness.builder(["bake", Self.recipe, "--out", out])
        try #require(r.status == 0, "\(r.stderr)")
        let guest = out + "/c4-guest"
        #expect(CLIHarness.listing(guest) == ["c4-guest.cfg", "c4-guest.xl.cfg", "manifest.json", "report.txt", "sda.img"])
        let image = guest + "/sda.img"

        // The table: root bootable at 1 MiB, swap at the next 1 MiB boundary, identifier derived.
        let (id, parts) = try Self.partitions(image)
        try #require(parts.count == 2, "\(parts)")
        let signature = Bake.diskSignature(guest: "c4-guest", disk: "sda")
        #expect(id == "0x" + String(signature, radix: 16).leftPadded(to: 8))
        #expect(parts[0].start == 2048 && parts[0].type == "83" && parts[0].bootable, "\(parts[0])")
        #expect(parts[1].start % 2048 == 0 && parts[1].start >= parts[0].start + parts[0].size, "\(parts)")
        #expect(parts[1].type == "82" && !parts[1].bootable && parts[1].size == (128 << 20) / 512, "\(parts[1])")
        let verify = try CLIHarness.run("sfdisk", ["-V", image])
        #expect(verify.status == 0, "\(verify.out)\(verify.stderr)")

        // What is inside each partition, with the identities builder derives.
        let root = try Self.blkid(image, at: parts[0].start)
        let fsUUID = DiskIdentity.text(DiskIdentity.uuid(.filesystemUUID, guest: "c4-guest", device: "sda1"))
        #expect(root.contains("TYPE=ext3") && root.contains("LABEL=c4-root") && root.contains("UUID=\(fsUUID)"), "\(root)")
        let swap = try Self.blkid(image, at: parts[1].start)
        let swapUUID = DiskIdentity.text(DiskIdentity.uuid(.swapUUID, guest: "c4-guest", device: "sda2"))
        #expect(swap.contains("TYPE=swap") && swap.contains("UUID=\(swapUUID)"), "\(swap)")

        // The root partition, cut out, is a clean filesystem that fills its partition.
        let cut = out + "/sda1.part"
        let dd = try CLIHarness.run(
            "dd", ["if=\(image)", "of=\(cut)", "bs=1M", "iflag=skip_bytes,count_bytes", "skip=\(parts[0].start * 512)",
                   "count=\(parts[0].size * 512)", "conv=sparse", "status=none"])
        try #require(dd.status == 0, "\(dd.stderr)")
        let fsck = try CLIHarness.run("e2fsck", ["-fn", cut])
        #expect(fsck.status == 0, "\(fsck.out)\(fsck.stderr)")
        let dump = try CLIHarness.run("dumpe2fs", ["-h", cut])
        let blocks = dump.out.split(separator: "\n").first { $0.hasPrefix("Block count:") }
            .flatMap { $0.split(separator: " ").last }.map(String.init)
        #expect(blocks == "\(parts[0].size * 512 / 4096)", "\(dump.out)")
        let fstab = try CLIDefaultRecipeTests.file(cut, "/etc/fstab")
        #expect(fstab.contains("/dev/sda1") && fstab.contains("/dev/sda2"), "the guest's fstab names the partitions: \(fstab)")

        // Sparse: the 128 MiB swap and the root's free space are holes.
        var st = stat()
        #expect(stat(image, &st) == 0)
        #expect(Int(st.st_size) == (parts[1].start + parts[1].size) * 512 && st.st_blocks * 512 < 16 << 20, "size \(st.st_size), allocated \(st.st_blocks * 512)")

        // PyGrub reads the table, finds the bootable root, and its menu.
        let boot = try PyGrub.boot(image)
        #expect(boot.args == "root=/dev/sda1 ro 3 console=xvc0", "\(boot.output)")
        #expect(!boot.kernel.isEmpty && boot.ramdisk?.isEmpty == false, "\(boot.output)")

        // One vbd, the whole disk, in both configs.
        let xm = try DomainConfigTests.parse(try String(contentsOfFile: guest + "/c4-guest.cfg", encoding: .utf8), with: DomainConfigTests.xmReader)
        #expect(xm["disk"] as? [String] == ["file:/var/lib/xen/images/c4-guest/sda.img,sda,w"], "\(xm)")
        let xl = try DomainConfigTests.parse(try String(contentsOfFile: guest + "/c4-guest.xl.cfg", encoding: .utf8), with: DomainConfigTests.xlReader)
        #expect(xl["disk"] as? [String] == ["format=raw, vdev=sda, access=rw, target=/var/lib/xen/images/c4-guest/sda.img"], "\(xl)")

        let report = try String(contentsOfFile: guest + "/report.txt", encoding: .utf8)
        #expect(report.contains("disk sda.img mbr size=") && report.contains("sda.img partition 1 start=2048 sectors=\(parts[0].size) type=83 bootable"), "\(report)")
        #expect(report.contains("sda.img partition 2 start=\(parts[1].start) sectors=\(parts[1].size) type=82\n"), "\(report)")
        // The manifest names the one image as the whole disk, not as one of its partitions.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: guest + "/manifest.json"))) as? [String: Any]
        let disk = (manifest?["artifacts"] as? [[String: Any]])?.first { $0["name"] as? String == "sda.img" }
        #expect(disk?["contents"] as? String == "disk" && disk?["device"] as? String == "sda", "\(String(describing: disk))")
    }

    /// The same recipe in both layouts: the root partition holds exactly the bytes of the
    /// `partitions` layout's sda1.img (the ext writer only moved by the partition's offset).
    @Test func theRootPartitionIsTheSameFilesystemAsThePartitionsLayoutsImage() throws {
        let out = try CLIHarness.scratch("disk-vs-partitions")
        defer { CLIHarness.remove(out) }
        let a = try CLIHarness.builder(["bake", Self.recipe, "--out", out + "/disk"])
        try #require(a.status == 0, "\(a.stderr)")
        let b = try CLIHarness.builder(["bake", CLIDefaultRecipeTests.recipe, "--out", out + "/partitions"])
        try #require(b.status == 0, "\(b.stderr)")
        let image = out + "/disk/c4-guest/sda.img"
        let (_, parts) = try Self.partitions(image)
        try #require(parts.count == 2)
        let handle = try #require(FileHandle(forReadingAtPath: image))
        try handle.seek(toOffset: UInt64(parts[0].start) * 512)
        let inDisk = try #require(try handle.read(upToCount: parts[0].size * 512))
        let alone = try Data(contentsOf: URL(fileURLWithPath: out + "/partitions/c4-guest/sda1.img"))
        #expect(inDisk.count == alone.count && inDisk == alone, "partition 1 differs from sda1.img")
        // The partitions layout's PyGrub boot gives the same arguments.
        #expect(try PyGrub.boot(out + "/partitions/c4-guest/sda1.img").args == "root=/dev/sda1 ro 3 console=xvc0")
    }

    @Test func aDeviceOfAnotherDiskOrBeyondSlot4IsARecipeError() throws {
        let dir = try CLIHarness.scratch("disk-layout-bad")
        defer { CLIHarness.remove(dir) }
        for (second, what) in [("sdb2", "another disk"), ("sda5", "no MBR slot"), ("xvda2", "another disk")] {
            let text = """
                {"name": "g", "source": {"tree": "\(dir)"}, "layout": "disk",
                 "disks": [{"device": "sda1", "mount": "/", "size": "auto"}, {"device": "\(second)", "swap": true, "size": "8M"}]}
                """
            try CLIHarness.write(text, to: dir + "/r.json")
            let r = try CLIHarness.builder(["bake", dir + "/r.json"], cwd: dir)
            #expect(r.status == 2, "\(what): \(r.out)\(r.stderr)")
            #expect(r.stderr.contains("disks[1].device") && r.stderr.contains("\"\(second)\"") && r.stderr.contains("sda1 to sda4"), "\(what): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "nothing is written")
        }
        let plan = try CLIHarness.builder(["check", Self.recipe, "--out", dir + "/out"])
        #expect(plan.status == 0 && plan.out.contains("  sda.img: one MBR-partitioned disk"), "\(plan.out)\(plan.stderr)")
        #expect(plan.out.contains("    partition 2 (sda2): swap, 128 MiB"), "\(plan.out)")
        // The same devices are fine in the partitions layout.
        let ok = """
            {"name": "g", "source": {"tree": "\(dir)"}, "layout": "partitions",
             "disks": [{"device": "sda1", "mount": "/", "size": "auto"}, {"device": "sdb2", "swap": true, "size": "8M"}]}
            """
        try CLIHarness.write(ok, to: dir + "/r.json")
        let check = try CLIHarness.builder(["check", dir + "/r.json"], cwd: dir)
        #expect(check.status == 0, "\(check.stderr)")
        try CLIHarness.write(ok.replacingOccurrences(of: "\"partitions\"", with: "\"lvm\""), to: dir + "/r.json")
        let badLayout = try CLIHarness.builder(["check", dir + "/r.json"], cwd: dir)
        #expect(badLayout.status == 2 && badLayout.stderr.contains("layout") && badLayout.stderr.contains("\"disk\""), "\(badLayout.stderr)")
    }
}
