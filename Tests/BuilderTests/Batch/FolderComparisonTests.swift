import Foundation
import Testing
@testable import Builder

@Suite struct FolderComparisonTests {
    @Test func namesEveryFileThatDiffersAndWhere() throws {
        let dir = try CLIHarness.scratch("compare")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("same", to: dir + "/a/same.txt")
        try CLIHarness.write("same", to: dir + "/b/same.txt")
        try CLIHarness.write("abcdef", to: dir + "/a/img")
        try CLIHarness.write("abcXef", to: dir + "/b/img")
        try CLIHarness.write("abc", to: dir + "/a/short")
        try CLIHarness.write("abcd", to: dir + "/b/short")
        try CLIHarness.write("x", to: dir + "/b/extra")
        let lines = try FolderComparison.differences(dir + "/a", dir + "/b")
        #expect(lines == ["extra: made by one bake only", "img: differs from byte 3 on", "short: differs from byte 3 on"])
        #expect(try FolderComparison.differences(dir + "/a", dir + "/a").isEmpty)
    }
}
