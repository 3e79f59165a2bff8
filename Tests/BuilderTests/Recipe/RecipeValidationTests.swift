import Foundation
import Testing

@testable import Builder

/// Every recipe mistake is reported with its JSON path and a message saying what is allowed.
@Suite struct RecipeValidationTests {
    static let goodDisks = #"[{"device": "sda1", "mount": "/", "size": "auto"}]"#

    static func recipe(
        name: String = #""web""#, source: String = #"{"tree": "tree"}"#, disks: String = goodDisks,
        extra: String = ""
    ) -> String {
        #"{"name": \#(name), "source": \#(source), "disks": \#(disks)\#(extra)}"#
    }

    static func decode(_ text: String, file: String = "dir/r.json") throws(RecipeError) -> Recipe {
        try Recipe.decode(Array(text.utf8), file: file)
    }

    static func issues(_ text: String) -> [RecipeIssue] {
        do {
            _ = try decode(text)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func aGoodRecipeDecodesWithDefaults() throws {
        let r = try Self.decode(Self.recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "256M", "label": "sw"}]"#))
        #expect(r.name == "web")
        #expect(r.profile == .auto)
        #expect(r.source == .tree(path: "dir/tree", owner: nil))
        #expect(r.output.dir == "dir/out")
        #expect(r.disks.count == 2)
        let fs = try #require(r.disks[0].filesystem)
        #expect(fs.mount == .root)
        #expect(fs.size == .auto(free: Disk.Filesystem.defaultFree))
        #expect(fs.flavor == .ext3)
        #expect(fs.blockSize == 4096)
        #expect(fs.inodes == nil)
        #expect(r.disks[1].role == .swap(Disk.Swap(size: 256 << 20, label: "sw")))
    }

    @Test func everyKeyDecodes() throws {
        let text = #"""
            {"name": "c4.web_1", "profile": "none", "source": {"tree": "/abs/tree", "owner": "0:100"},
             "disks": [
               {"device": "xvda1", "mount": "/", "size": "auto", "free": "256M", "fs": "ext2", "blockSize": 1024, "label": "root", "inodes": 5000},
               {"device": "xvda3", "mount": "/var/log", "size": 1048576},
               {"device": "xvda2", "swap": true, "size": "1GiB"}],
             "output": {"dir": "../out"}}
            """#
        // A recipe folder that does not exist: `..` over a missing name stays (no host state read).
        let r = try Self.decode(text, file: "/nonexistent-builder-test/recipes/web.json")
        #expect(r.source == .tree(path: "/abs/tree", owner: Recipe.Owner(uid: 0, gid: 100)))
        #expect(r.output.dir == "/nonexistent-builder-test/recipes/../out")
        #expect(r.disks[0].filesystem == Disk.Filesystem(mount: .root, size: .auto(free: 256 << 20), flavor: .ext2, blockSize: 1024, label: "root", inodes: 5000))
        let varLog = try GuestPath("/var/log")
        #expect(r.disks[1].filesystem?.mount == varLog)
        #expect(r.disks[1].filesystem?.size == .fixed(1 << 20))
        #expect(r.disks[2].role == .swap(Disk.Swap(size: 1 << 30)))
    }

    @Test func pathsAreRelativeToTheRecipe() throws {
        let bare = try Self.decode(Self.recipe(), file: "r.json")
        let absolute = try Self.decode(Self.recipe(), file: "/etc/b/r.json")
        let dotted = try Self.decode(Self.recipe(source: #"{"tree": "./t"}"#), file: "a/r.json")
        #expect(bare.source == .tree(path: "tree", owner: nil))
        #expect(absolute.source == .tree(path: "/etc/b/tree", owner: nil))
        #expect(dotted.source == .tree(path: "a/t", owner: nil))
    }

    /// (recipe text, the JSON path the issue must name, a piece of its message)
    static let mistakes: [(String, String, String)] = [
        (recipe(extra: #", "nmae": "x""#), "nmae", "did you mean \"name\""),
        (recipe(extra: #", "kernal": {}"#), "kernal", "did you mean \"kernel\""),
        (recipe(extra: #", "kernel": {"bot": "pygrub"}"#), "kernel.bot", "did you mean \"boot\""),
        (recipe(extra: #", "kernel": {"boot": "grub"}"#), "kernel.boot", "\"pygrub\", \"dom0\", \"static\""),
        (recipe(extra: #", "kernel": {"boot": "static"}"#), "kernel.image", "built in"),
        (recipe(extra: #", "profile": "none", "console": "xvc0""#), "console", "profile \"none\""),
        (recipe(extra: #", "hypervisor": "xen-3.0-arm""#), "hypervisor", "xen-3.0-x86_32p"),
        (recipe(extra: #", "selinux": "off""#), "selinux", "\"relabel\", \"keep\", \"disable\""),
        (recipe(extra: #", "tls": "move""#), "tls", "\"fix\""),
        (recipe(extra: #", "network": [{"ip": "10.0.0.5"}]"#), "network[0].ip", "prefix length"),
        (recipe(extra: #", "network": [{"mac": "01:16:3e:00:00:01"}]"#), "network[0].mac", "unicast"),
        (recipe(extra: #", "network": [{"gateway": "10.0.0.256"}]"#), "network[0].gateway", "IPv4"),
        (recipe(extra: #", "hostname": "a_b""#), "hostname", "host name"),
        (recipe(extra: #", "files": [{"path": "etc/motd", "content": "x"}]"#), "files[0].path", "absolute path"),
        (recipe(extra: #", "files": [{"path": "/../etc/motd", "content": "x"}]"#), "files[0].path", "no '..'"),
        (recipe(extra: #", "files": [{"path": "/etc/motd"}]"#), "files[0]", "\"content\""),
        (recipe(extra: #", "files": [{"path": "/etc/motd", "content": "x", "mode": "999"}]"#), "files[0].mode", "octal"),
        (recipe(extra: #", "services": {"enable": ["sshd"], "disable": ["sshd"]}"#), "services", "both enabled and disabled"),
        (recipe(extra: #", "rootPassword": "secret""#), "rootPassword", "never a clear-text password"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "sise": "2G"}]"#), "disks[0].sise", "did you mean \"size\""),
        (recipe(source: #"{"tree": "t", "ownr": "0:0"}"#), "source.ownr", "unknown key"),
        (recipe(extra: #", "output": {"dir": "o", "bundle": "tar"}"#), "output.bundle", #"found "tar"; allowed: "tar.gz", "tar.xz", "tar.zst""#),
        (recipe(extra: #", "output": {"dir": "o", "bundel": "tar.gz"}"#), "output.bundel", "unknown key"),
        (#"{"source": {"tree": "t"}, "disks": \#(goodDisks)}"#, "", "\"name\" is missing"),
        (recipe(name: "\"a/b\""), "name", "A-Z a-z 0-9"),
        (recipe(name: "\".hidden\""), "name", "not starting with '.'"),
        (recipe(name: "\"\""), "name", "1 to 64"),
        (recipe(name: "42"), "name", "expected a string"),
        (recipe(extra: #", "profile": "fancy""#), "profile", "allowed: \"auto\", \"centos4\", \"modern\", \"none\""),
        (recipe(source: #"{"tarball": ""}"#), "source.tarball", "found an empty path"),
        (recipe(source: #"{"tarball": 7}"#), "source.tarball", "expected a string"),
        (recipe(extra: #", "rpms": "a.rpm""#), "rpms", "expected a list"),
        (recipe(extra: #", "rpms": ["a.rpm", 3]"#), "rpms[1]", "expected a string"),
        (recipe(extra: #", "rpms": ["a.rpm", ""]"#), "rpms[1]", "found an empty path"),
        (recipe(source: #"{}"#), "source", "no source given"),
        (recipe(source: #"{"tree": "a", "tarball": "b"}"#), "source", "give exactly one"),
        (recipe(source: #"{"tree": "t", "owner": "root"}"#), "source.owner", "UID:GID"),
        (recipe(source: #"{"tree": "t", "owner": "0:4294967295"}"#), "source.owner", "UID:GID"),
        (recipe(source: #""t""#), "source", "expected an object"),
        (recipe(disks: "[]"), "disks", "the list is empty"),
        (recipe(disks: "{}"), "disks", "expected a list"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/var"}]"#), "disks", "no disk mounts \"/\""),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda1", "mount": "/var"}]"#), "disks[1].device", "already used by disks[0]"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "mount": "/"}]"#), "disks[1].mount", "already mounted by disks[0]"),
        (recipe(disks: #"[{"device": "sda", "mount": "/"}]"#), "disks[0].device", "partition number"),
        (recipe(disks: #"[{"device": "/dev/sda1", "mount": "/"}]"#), "disks[0].device", "without /dev/"),
        (recipe(disks: #"[{"device": "sda0", "mount": "/"}]"#), "disks[0].device", "partition number"),
        (recipe(disks: #"[{"device": "vda1", "mount": "/"}]"#), "disks[0].device", "sdX, xvdX or hdX"),
        (recipe(disks: #"[{"mount": "/"}]"#), "disks[0]", "\"device\" is missing"),
        (recipe(disks: #"[{"device": "sda1"}]"#), "disks[0]", "\"mount\" is missing"),
        (recipe(disks: #"[{"device": "sda1", "mount": "var"}]"#), "disks[0].mount", "an absolute path"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/var/"}]"#), "disks[0].mount", "(here: \"/var\")"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/a/../b"}]"#), "disks[0].mount", "an absolute path"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": "2GB"}]"#), "disks[0].size", "not a size"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": "huge"}]"#), "disks[0].size", "or \"auto\""),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": 0}]"#), "disks[0].size", "above zero"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": -5}]"#), "disks[0].size", "found -5"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": 1.5}]"#), "disks[0].size", "found 1.5"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": 1000000}]"#), "disks[0].size", "not a whole number of 4096-byte blocks"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "size": "2G", "free": "1G"}]"#), "disks[0].free", "applies only to \"size\": \"auto\""),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "free": "auto"}]"#), "disks[0].free", "found \"auto\""),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "fs": "ext4"}]"#), "disks[0].fs", "\"ext3\""),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "blockSize": 512}]"#), "disks[0].blockSize", "1024, 2048 or 4096"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "blockSize": "4096"}]"#), "disks[0].blockSize", "1024, 2048 or 4096"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "label": "seventeen-bytes-x"}]"#), "disks[0].label", "at most 16 bytes"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "inodes": 3}]"#), "disks[0].inodes", "allowed: 16 to"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "swap": "yes"}]"#), "disks[0].swap", "true or false"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true}]"#), "disks[1]", "explicit size"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "auto"}]"#), "disks[1].size", "found \"auto\""),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": 5000}]"#), "disks[1].size", "4096-byte pages"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "16K"}]"#), "disks[1].size", "at least 40 KiB"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "1M", "mount": "/x"}]"#), "disks[1].mount", "not allowed on a swap disk"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "1M", "fs": "ext2"}]"#), "disks[1].fs", "not allowed on a swap disk"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/"}, {"device": "sda2", "swap": true, "size": "1M", "free": "1M"}]"#), "disks[1].free", "not allowed on a swap disk"),
        (recipe(extra: #", "output": {"dir": ""}"#), "output.dir", "empty path"),
        (recipe(extra: #", "memory": 128.5"#), "memory", "found 128.5"),
        (recipe(disks: #"[{"device": "sda1", "mount": "/", "blockSize": 4096.5}]"#), "disks[0].blockSize", "1024, 2048 or 4096"),
        ("[1, 2]", "", "expected an object"),
        (#"{"name": "a", "name": "b"}"#, "", "appears twice"),
        ("{\"name\": \"a\",\n \"disks\": [}", "", "line 2, column"),
        ("", "", "not valid JSON"),
    ]

    @Test(arguments: 0..<mistakes.count)
    func eachMistakeNamesItsPath(index: Int) {
        let (text, path, message) = Self.mistakes[index]
        let found = Self.issues(text)
        #expect(
            found.contains { $0.path == path && $0.message.contains(message) },
            "expected an issue at '\(path)' containing '\(message)'; got: \(found.map(\.description))")
    }

    @Test func allIssuesOfARecipeAreReportedAtOnce() {
        let text = Self.recipe(
            name: "\"a b\"",
            disks: #"[{"device": "sdq", "mount": "/", "size": "2X"}, {"device": "sda2", "swap": true, "size": "1M", "label": 3}]"#,
            extra: #", "profle": "none""#)
        let paths = Set(Self.issues(text).map(\.path))
        #expect(paths == ["name", "disks[0].device", "disks[0].size", "disks[1].label", "profle"], "\(paths)")
    }

    @Test func errorLinesStartWithTheFile() {
        do throws(RecipeError) {
            _ = try Self.decode(Self.recipe(extra: #", "x": 1"#), file: "recipes/bad.json")
            Issue.record("a recipe with an unknown key decoded")
        } catch {
            #expect(error.lines == ["recipes/bad.json: x: unknown key \"x\"; allowed here: " + Recipe.topLevelKeys.joined(separator: ", ")])
            #expect(error.lines.first?.hasPrefix("recipes/bad.json: x: unknown key \"x\"; allowed here: name, profile, source, rpms, disks, output, guests, hypervisor") == true)
        }
    }

    @Test func inputsAreChecked() throws {
        let dir = try CLIHarness.scratch("inputs")
        defer { CLIHarness.remove(dir) }
        let r = try Self.decode(Self.recipe(), file: dir + "/r.json")
        #expect(throws: RecipeError.self) { try r.checkInputs() }
        do throws(RecipeError) {
            try r.checkInputs()
        } catch {
            #expect(error.issues.map(\.path) == ["source.tree"])
            #expect(error.issues.first?.message.contains("does not exist") == true)
        }
        try CLIHarness.write("x", to: dir + "/tree/f")
        try r.checkInputs()
    }

    @Test func aTarballSourceAndRPMsDecodeRelativeToTheRecipe() throws {
        let r = try Self.decode(
            Self.recipe(source: #"{"tarball": "in/c4.tar.gz", "owner": "0:0"}"#, extra: #", "rpms": ["k.rpm", "/abs/x.rpm"]"#),
            file: "recipes/web.json")
        #expect(r.source == .tarball(path: "recipes/in/c4.tar.gz", owner: Recipe.Owner(uid: 0, gid: 0)))
        #expect(r.rpms == ["recipes/k.rpm", "/abs/x.rpm"])
        #expect(try Self.decode(Self.recipe()).rpms == [])
    }

    @Test func theTarballAndEveryRPMMustExist() throws {
        let dir = try CLIHarness.scratch("inputs-rpm")
        defer { CLIHarness.remove(dir) }
        try CLIHarness.write("x", to: dir + "/a.rpm")
        try FileManager.default.createDirectory(atPath: dir + "/folder.rpm", withIntermediateDirectories: true)
        let r = try Self.decode(
            Self.recipe(source: #"{"tarball": "t.tar"}"#, extra: #", "rpms": ["a.rpm", "missing.rpm", "folder.rpm"]"#),
            file: dir + "/r.json")
        do throws(RecipeError) {
            try r.checkInputs()
            Issue.record("missing inputs were accepted")
        } catch {
            #expect(error.issues.map(\.path) == ["source.tarball", "rpms[1]", "rpms[2]"], "\(error)")
            #expect(error.issues[0].message.contains("'\(dir)/t.tar' does not exist"), "\(error)")
            #expect(error.issues[1].message.contains("'\(dir)/missing.rpm' does not exist"), "\(error)")
            #expect(error.issues[2].message.contains("is not a file"), "\(error)")
        }
        try CLIHarness.write("x", to: dir + "/t.tar")
        try CLIHarness.write("x", to: dir + "/missing.rpm")
        try FileManager.default.removeItem(atPath: dir + "/folder.rpm")
        try CLIHarness.write("x", to: dir + "/folder.rpm")
        try r.checkInputs()
    }
}

/// The alignment keys decode into `AlignSettings` with the HowTo's defaults where a key is absent.
@Suite struct RecipeAlignTests {
    @Test func alignmentKeysDecode() throws {
        let text = RecipeValidationTests.recipe(extra: #"""
            , "profile": "centos4", "hypervisor": "xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32",
            "kernel": {"boot": "dom0", "rpm": "k.rpm", "args": "3", "preload": ["xenblk", "xennet"]},
            "console": "xvc0", "selinux": "disable", "tls": {"rpms": ["g.rpm"]}, "txChecksumOff": false,
            "network": [{"ip": "10.0.0.5/24", "gateway": "10.0.0.1", "dns": ["10.0.0.2"], "mac": "00:16:3E:00:00:01", "bridge": "xenbr0"}, {}],
            "hostname": "web.example.org",
            "files": [{"path": "/etc/motd", "content": "hi\n", "mode": "0600", "owner": "0:10"}, {"path": "/etc/x", "source": "x.txt"}],
            "overlay": "over", "remove": ["/etc/udev/rules.d/70-persistent-net.rules"],
            "services": {"enable": ["sshd"], "disable": ["kudzu"]}, "rootPassword": "$1$ab$abcdefghijklmnopqrstu.",
            "sshKeys": ["ssh-rsa AAAA user@host"]
            """#)
        let r = try RecipeValidationTests.decode(text)
        let a = r.align
        #expect(r.profile == .centos4)
        #expect(a.hypervisor == ["xen-3.0-x86_64", "xen-3.0-x86_32p"])
        #expect(a.kernel.boot == .dom0 && a.kernel.rpm == "dir/k.rpm" && a.kernel.args == "3")
        #expect(a.kernel.preload == ["xenblk", "xennet"])
        #expect(a.console == "xvc0" && a.selinux == .disable && a.tls == .rpms(["dir/g.rpm"]) && !a.txChecksumOff)
        #expect(a.network.count == 2)
        #expect(a.network[0].address == .ipv4(address: "10.0.0.5", prefix: 24))
        #expect(a.network[0].mac == "00:16:3e:00:00:01" && a.network[0].gateway == "10.0.0.1")
        #expect(a.network[1].address == .dhcp)
        #expect(a.hostname == "web.example.org")
        #expect(a.customisation.files.count == 2)
        #expect(a.customisation.files[0].permissions == 0o600 && a.customisation.files[0].gid == 10)
        #expect(a.customisation.files[1].content == .source("dir/x.txt"))
        #expect(a.customisation.overlay == "dir/over")
        #expect(a.customisation.enableServices == ["sshd"] && a.customisation.disableServices == ["kudzu"])
        #expect(a.customisation.rootPasswordHash == "$1$ab$abcdefghijklmnopqrstu.")
        #expect(a.customisation.sshAuthorizedKeys.count == 1)
    }

    @Test func absentKeysTakeTheHowTosDefaults() throws {
        let a = try RecipeValidationTests.decode(RecipeValidationTests.recipe()).align
        #expect(a == AlignSettings())
        #expect(a.kernel.boot == .pygrub && a.kernel.preload == ["xenblk"] && a.tls == .fix && a.txChecksumOff)
    }

    /// JSON Schema's "integer" (which the published schema uses) takes 4096.0 and 4.096e3: so
    /// does the decoder, and what a JSON writer makes of a float is not refused.
    @Test func wholeNumbersWrittenWithAFractionOrExponentDecode() throws {
        let r = try RecipeValidationTests.decode(
            RecipeValidationTests.recipe(
                disks: #"[{"device": "sda1", "mount": "/", "size": 8.388608e6, "blockSize": 4096.0, "inodes": 2048.0}]"#,
                extra: #", "memory": 256.0, "vcpus": 2e0, "smoke": {"timeout": 600.0}"#))
        #expect(r.align.memory == 256 && r.align.vcpus == 2)
        #expect(r.smoke.timeout == 600)
        #expect(JSONField.wholeNumber("18446744073709551615") == UInt64.max)
        #expect(JSONField.wholeNumber("1e300") == nil && JSONField.wholeNumber("-0.5") == nil)
    }
}
