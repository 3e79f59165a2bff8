import Foundation
import Testing

/// A bake stopped by a signal (Ctrl-C, a cancelled CI job) leaves nothing in the output folder.
@Suite struct CLIInterruptTests {
    @Test func sigtermRemovesTheUnfinishedGuest() throws {
        let dir = try CLIHarness.scratch("interrupt")
        defer { CLIHarness.remove(dir) }
        // 512 MiB of random data: long enough to write that the signal arrives mid-bake.
        let random = try CLIHarness.run("sh", ["-c", "mkdir -p tree && head -c 512M /dev/urandom > tree/big"], cwd: dir)
        try #require(random.status == 0, "\(random.stderr)")
        try CLIHarness.write(#"{"name": "g", "profile": "none", "source": {"tree": "tree", "owner": "0:0"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}]}"#, to: dir + "/r.json")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try CLIHarness.builderBinary())
        p.arguments = ["bake", "r.json"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait for the work folder, then stop builder while it fills it.
        var sawWork = false
        for _ in 0..<2000 where !sawWork {
            sawWork = CLIHarness.listing(dir + "/out").contains { $0.hasPrefix(".g.partial-") }
            if !sawWork { usleep(2000) }
        }
        p.terminate()
        p.waitUntilExit()
        try #require(sawWork, "the work folder never appeared")
        #expect(p.terminationStatus == 143, "builder exits 128 + SIGTERM (it ended with \(p.terminationStatus) before the signal?)")
        #expect(CLIHarness.listing(dir + "/out") == [], "nothing partial is left")
    }
}
