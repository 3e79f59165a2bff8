import Foundation
import Testing

/// Through the binary: the default recipe's guest folder holds both configs, which name the
/// images where the Xen host will keep them, and the report lists them.
@Suite struct DomainConfigCLITests {
    @Test func theDefaultRecipeGetsBothDomainConfigs() throws {
        let guest = try CLIDefaultRecipeTests.bake()
        defer { CLIHarness.remove(URL(fileURLWithPath: guest).deletingLastPathComponent().path) }
        let xm = try String(contentsOfFile: guest + "/c4-guest.cfg", encoding: .utf8)
        #expect(xm.contains("'file:/var/lib/xen/images/c4-guest/sda1.img,sda1,w'"), "\(xm)")
        #expect(xm.contains("'file:/var/lib/xen/images/c4-guest/sda2.img,sda2,w'"), "\(xm)")
        #expect(xm.contains("bootloader = 'pygrub'") && xm.contains("bridge=xenbr0"), "\(xm)")
        let xl = try String(contentsOfFile: guest + "/c4-guest.xl.cfg", encoding: .utf8)
        #expect(xl.contains("\"format=raw, vdev=sda1, access=rw, target=/var/lib/xen/images/c4-guest/sda1.img\"") && xl.contains("type = \"pv\""), "\(xl)")
        let report = try String(contentsOfFile: guest + "/report.txt", encoding: .utf8)
        #expect(report.contains("domain config c4-guest.cfg (xm syntax)") && report.contains("domain config c4-guest.xl.cfg (xl syntax)"), "\(report)")
    }
}
