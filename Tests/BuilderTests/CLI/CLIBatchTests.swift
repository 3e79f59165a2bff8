import Foundation
import Testing

/// Batches through the binary: a recipe's `guests` list, several recipes, --jobs, a shared source
/// read once, failures kept to their guest, SOURCE_DATE_EPOCH and --verify-reproducible.
@Suite struct CLIBatchTests {
    static var sampleTree: String { CLIHarness.packageRoot + "/recipes/centos4/tree" }

    /// A recipe of the CentOS-4 sample with `guests`, reading `source` (a JSON object).
    static func guestsRecipe(source: String, guests: String, root: String = #""size": "auto", "free": "8M""#) -> String {
        """
        {"source": \(source), "hypervisor": "xen-3.0-x86_64 xen-3.0-x86_32p",
         "disks": [{"device": "sda1", "mount": "/", \(root)}, {"device": "sda2", "swap": true, "size": "16M"}],
         "network": [{"ip": "dhcp", "bridge": "xenbr0"}], "guests": \(guests)}
        """
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func aBatchReadsASharedTarballOnceAndBakesEveryGuest() throws {
        let dir = try CLIHarness.scratch("batch-shared")
        defer { CLIHarness.remove(dir) }
        let tar = try CLIHarness.run("tar", ["-czf", dir + "/c4.tar.gz", "--owner=0", "--group=0", "-C", Self.sampleTree, "."])
        try #require(tar.status == 0, "\(tar.stderr)")
        try CLIHarness.write(Self.guestsRecipe(source: #"{"tarball": "c4.tar.gz"}"#, guests: """
            [{"name": "web1", "ip": "10.0.0.11/24"}, {"name": "web2", "ip": "10.0.0.12/24", "gateway": "10.0.0.254"}, {"name": "db1"}]
            """), to: dir + "/r.json")
        // strace, not builder's own word, says how often the tarball is opened.
        let r = try CLIHarness.run("strace", ["-f", "-e", "trace=open,openat", "-o", dir + "/opens.log",
                                              try CLIHarness.builderBinary(), "bake", "r.json", "--jobs", "2"], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let opens = try String(contentsOfFile: dir + "/opens.log", encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("c4.tar.gz\"") && !$0.contains("ENOENT") }
        // Once to read it, once to hash it for the manifests (the hash is shared too).
        #expect(opens.count == 2, "the tarball was opened \(opens.count) times:\n\(opens.joined(separator: "\n"))")
        #expect(CLIHarness.listing(dir + "/out") == ["db1", "web1", "web2"], "no spool or work folder is left")
        for (guest, ip) in [("web1", "IPADDR=10.0.0.11"), ("web2", "IPADDR=10.0.0.12"), ("db1", "BOOTPROTO=dhcp")] {
            let fsck = try CLIHarness.run("e2fsck", ["-fn", "\(dir)/out/\(guest)/sda1.img"])
            #expect(fsck.status == 0, "\(guest): \(fsck.out)")
            let network = try CLIHarness.run("debugfs", ["-R", "cat /etc/sysconfig/network", "\(dir)/out/\(guest)/sda1.img"])
            #expect(network.out.contains("HOSTNAME=\(guest)\n"), "\(guest): \(network.out)")
            let ifcfg = try CLIHarness.run("debugfs", ["-R", "cat /etc/sysconfig/network-scripts/ifcfg-eth0", "\(dir)/out/\(guest)/sda1.img"])
            #expect(ifcfg.out.contains(ip), "\(guest): \(ifcfg.out)")
            // web2 names its own gateway (in the interface's file and as the default route); the
            // others keep the sample tree's default route.
            let gateways = Set((ifcfg.out + network.out).split(separator: "\n").filter { $0.hasPrefix("GATEWAY=") })
            #expect(gateways == [guest == "web2" ? "GATEWAY=10.0.0.254" : "GATEWAY=192.168.10.1"], "\(guest): \(gateways)")
            let config = try String(contentsOfFile: "\(dir)/out/\(guest)/\(guest).cfg", encoding: .utf8)
            #expect(config.contains("name = '\(guest)'") && config.contains("/\(guest)/sda1.img,sda1,w"), "\(config)")
        }
    }

    @Test func oneFailingGuestStopsNoOtherAndTheExitCodeSaysSo() throws {
        let dir = try CLIHarness.scratch("batch-fail")
        defer { CLIHarness.remove(dir) }
        let source = #"{"tree": "\#(Self.sampleTree)", "owner": "0:0"}"#
        try CLIHarness.write(Self.guestsRecipe(source: source, guests: #"[{"name": "a"}, {"name": "b"}]"#), to: dir + "/good.json")
        // 2 MiB cannot hold the sample tree: this guest fails while writing its image.
        try CLIHarness.write(Self.guestsRecipe(source: source, guests: #"[{"name": "small"}]"#, root: #""size": "2M""#), to: dir + "/bad.json")
        let r = try CLIHarness.builder(["bake", "good.json", "bad.json", "--jobs", "2"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("bad.json") && r.stderr.contains("sda1"), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == ["a", "b"], "the failed guest leaves nothing, the others are whole")
        #expect(CLIHarness.listing(dir + "/out/a").contains("sda1.img"))
    }

    @Test func jobsChangeNoByte() throws {
        let dir = try CLIHarness.scratch("batch-jobs")
        defer { CLIHarness.remove(dir) }
        let source = #"{"tree": "\#(Self.sampleTree)", "owner": "0:0"}"#
        try CLIHarness.write(Self.guestsRecipe(source: source, guests: #"[{"name": "a"}, {"name": "b"}, {"name": "c"}]"#), to: dir + "/r.json")
        for (jobs, out) in [("1", "one"), ("3", "three")] {
            let r = try CLIHarness.builder(["bake", "r.json", "--jobs", jobs, "--out", out], cwd: dir)
            try #require(r.status == 0, "\(r.stderr)")
        }
        for guest in ["a", "b", "c"] {
            let files = CLIHarness.listing("\(dir)/one/\(guest)")
            #expect(files == CLIHarness.listing("\(dir)/three/\(guest)") && files.contains("sda1.img"))
            for file in files {
                #expect(try Self.bytes("\(dir)/one/\(guest)/\(file)") == Self.bytes("\(dir)/three/\(guest)/\(file)"), "\(guest)/\(file)")
            }
        }
        let bad = try CLIHarness.builder(["bake", "r.json", "--jobs", "0"], cwd: dir)
        #expect(bad.status == 2 && bad.stderr.contains("--jobs takes a number from 1 to 256"), "\(bad.stderr)")
    }

    /// Two checkouts of the same files differ in their times; `"times": "clamp"` clamps them to
    /// SOURCE_DATE_EPOCH, so both give the same images. With "keep" (the default) they differ:
    /// the clamp is what makes them equal.
    @Test func clampedTimesMakeTwoCheckoutsGiveTheSameImages() throws {
        let dir = try CLIHarness.scratch("batch-epoch")
        defer { CLIHarness.remove(dir) }
        for (copy, time) in [("x", "@1900000000"), ("y", "@2000000000")] {
            #expect(try CLIHarness.run("cp", ["-a", Self.sampleTree, "\(dir)/\(copy)"]).status == 0)
            let touch = try CLIHarness.run("find", ["\(dir)/\(copy)", "-exec", "touch", "-h", "-d", time, "{}", "+"])
            try #require(touch.status == 0, "\(touch.stderr)")
        }
        func bake(_ times: String) throws -> (Data, Data) {
            for copy in ["x", "y"] {
                try CLIHarness.write(#"{"name": "g", "source": {"tree": "\#(copy)", "owner": "0:0", "times": "\#(times)"}, "disks": [{"device": "sda1", "mount": "/", "size": "64M"}], "output": {"dir": "out-\#(copy)"}}"#, to: "\(dir)/\(copy).json")
                let r = try CLIHarness.builder(["bake", "\(copy).json"], cwd: dir, environment: ["PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000"])
                try #require(r.status == 0, "\(r.stderr)")
            }
            return (try Self.bytes("\(dir)/out-x/g/sda1.img"), try Self.bytes("\(dir)/out-y/g/sda1.img"))
        }
        let kept = try bake("keep")
        #expect(kept.0 != kept.1, "with \"keep\" the checkouts' times reach the images")
        let clamped = try bake("clamp")
        #expect(clamped.0 == clamped.1)
        let stat = try CLIHarness.run("debugfs", ["-R", "stat /etc/redhat-release", "\(dir)/out-x/g/sda1.img"])
        #expect(stat.out.contains("mtime: 0x6553f100"), "mtime clamped to 1700000000: \(stat.out)")
    }

    @Test func verifyReproducibleBakesTwiceAndLeavesOneFolder() throws {
        let dir = try CLIHarness.scratch("batch-verify")
        defer { CLIHarness.remove(dir) }
        let source = #"{"tree": "\#(Self.sampleTree)", "owner": "0:0"}"#
        try CLIHarness.write(Self.guestsRecipe(source: source, guests: #"[{"name": "a"}, {"name": "b"}]"#), to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json", "--verify-reproducible"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("a: baking again apart to verify"), "\(r.stderr)")
        #expect(CLIHarness.listing(dir + "/out") == ["a", "b"], "the second bakes are removed")
    }
}
