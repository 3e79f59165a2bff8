import Foundation
import Testing

@testable import Builder

/// `"layout"` and `"output.access"`: defaults, the allowed values, and the disk layout's rule that
/// every device is a partition 1-4 of one disk, each issue naming its JSON path.
@Suite struct RecipeLayoutTests {
    static func decode(_ extra: String, disks: String = #"{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "8M"}"#) throws(RecipeError) -> Recipe {
        let text = #"{"name": "g", "source": {"tree": "t"}, "disks": [\#(disks)]\#(extra)}"#
        return try Recipe.decode(Array(text.utf8), file: "/tmp/r.json")
    }

    static func issues(_ extra: String, disks: String? = nil) -> [String] {
        do {
            if let disks { _ = try decode(extra, disks: disks) } else { _ = try decode(extra) }
            return []
        } catch {
            return error.issues.map { "\($0.path): \($0.message)" }
        }
    }

    @Test func defaultsArePartitionsAndFile() throws {
        let r = try Self.decode("")
        #expect(r.layout == .partitions && r.output.access == .file && r.wholeDisk == nil)
        let d = try Self.decode(#", "layout": "disk", "output": {"access": "tap:aio"}"#)
        #expect(d.layout == .disk && d.output.access == .tapAIO && d.wholeDisk == "sda")
        #expect(try Self.decode(#", "output": {"access": "phy", "dir": "o"}"#).output.access == .phy)
    }

    @Test func unknownValuesNameTheirPath() {
        let layout = Self.issues(#", "layout": "lvm""#)
        #expect(layout.count == 1 && layout[0].hasPrefix("layout: found \"lvm\"") && layout[0].contains("\"disk\""), "\(layout)")
        let access = Self.issues(#", "output": {"access": "file:"}"#)
        #expect(access.count == 1 && access[0].hasPrefix("output.access: found \"file:\""), "\(access)")
        let number = Self.issues(#", "layout": 2"#)
        #expect(number.count == 1 && number[0].hasPrefix("layout"), "\(number)")
    }

    @Test func theDiskLayoutWantsSlotsOfOneDisk() {
        let xvd = #"{"device": "xvda1", "mount": "/"}, {"device": "xvda4", "swap": true, "size": "8M"}"#
        #expect(Self.issues(#", "layout": "disk""#, disks: xvd) == [])
        let mixed = #"{"device": "sda1", "mount": "/"}, {"device": "sda10", "swap": true, "size": "8M"}, {"device": "hda3", "mount": "/var"}"#
        let issues = Self.issues(#", "layout": "disk""#, disks: mixed)
        #expect(issues.count == 2, "\(issues)")
        #expect(issues.contains { $0.hasPrefix("disks[1].device: found \"sda10\"") && $0.contains("sda1 to sda4") }, "\(issues)")
        #expect(issues.contains { $0.hasPrefix("disks[2].device: found \"hda3\"") }, "\(issues)")
        #expect(Self.issues("", disks: mixed) == [], "the partitions layout takes any devices")
    }
}
