import Foundation
import Testing

@testable import Builder

/// The last look at /etc/fstab: a disk the domain config does not give is a warning, the guest's
/// own disks and lines that may fail (nofail, noauto) are not.
@Suite struct FstabDevicesCheckTests {
    typealias C = StockCentOS4

    @Test func theStockFstabAsAlignedWarnsOfNothing() throws {
        let (aligned, _) = try FstabStep().run(on: try C.make(), context: C.context())
        let (_, changes) = try FstabDevicesCheck().run(on: aligned, context: C.context())
        #expect(!changes.contains { $0.detail.hasPrefix(TreeChange.warningPrefix) }, "\(changes.map(\.reportLine))")
        #expect(changes.allSatisfy { $0.action == .note })
    }

    @Test func aLineForADiskTheConfigDoesNotGiveIsAWarningThatNamesIt() throws {
        var tree = try C.make()
        let fstab = """
            /dev/sda1  /      ext3  defaults         1 1
            /dev/sdb1  /data  ext3  defaults         1 2
            /dev/sdc1  /opt   ext3  defaults,nofail  0 0
            /dev/hdd   /media auto  noauto,ro        0 0
            # /dev/sde1 /old  ext3  defaults         1 2
            /dev/sda2  swap   swap  defaults         0 0
            LABEL=/x   /x     ext3  defaults         1 2

            """
        let id = try #require(tree.resolve("/etc/fstab"))
        tree[id].kind = .regular(.string(fstab))
        let (after, changes) = try FstabDevicesCheck().run(on: tree, context: C.context())
        let warnings = changes.filter { $0.detail.hasPrefix(TreeChange.warningPrefix) }.map(\.detail)
        #expect(warnings.count == 1, "\(warnings)")
        let w = try #require(warnings.first)
        #expect(w.contains("line 2 mounts /data from /dev/sdb1"), "\(w)")
        #expect(w.contains("it gives sda1, sda2"), "\(w)")
        #expect(C.differences(tree, after) == [], "a check changes nothing")
    }

    @Test func diskNamesAreXenSCSIAndIDEDisksWithAnOptionalPartition() {
        for name in ["xvda1", "xvdb", "sda", "sdaa12", "hdc2"] { #expect(FstabDevicesCheck.isDiskName(name), "\(name)") }
        for name in ["xvd1", "sd", "md0", "mapper/vg-root", "sda1p", "vda1", "root"] {
            #expect(!FstabDevicesCheck.isDiskName(name), "\(name)")
        }
    }
}
