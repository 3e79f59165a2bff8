import Foundation
import Testing

@testable import Builder

/// Menus and configs cannot be injected (issue 11, point 6): one validator per guest file format,
/// applied where recipe values are decoded (exit 2 with the JSON path) and where each file is
/// written (values from the image too); control characters from an image or archive are escaped
/// in every message.
@Suite struct GuestFileSyntaxTests {
    static let good: [GuestFileSyntax: [String]] = [
        .grubMenu: ["console=xvc0 ro root=/dev/sda1", "CentOS (2.6.9-55.ELxenU)", ""],
        .fstab: ["/dev/sda1", "/var/log", "defaults,noatime", "0"],
        .shellAssignment: ["192.168.1.10", "has space", "quote \" and $dollar"],
        .debianInterfaces: ["192.168.1.10/24", "10.0.0.1"],
        .modprobeConf: ["xennet", "eth0"],
        .inittab: ["xvc0", "hvc0"],
        .hosts: ["10.0.0.1", "web.example.org"],
        .line: ["ssh-ed25519 AAAAC3Nza key@host", "web"],
        .shadow: ["$1$salt$hash", "abcdefghijklm"],
    ]

    static let bad: [GuestFileSyntax: [String]] = [
        .grubMenu: ["ro\ntitle evil", "ro\rx", "a\u{1B}[2Jb", "tab\there"],
        .fstab: ["/my data", "/x\ny", "#comment", "/a\\040b", "", "a\tb"],
        .shellAssignment: ["a\nb", "a\rb", "a\u{7F}"],
        .debianInterfaces: ["10.0.0.1 up rm -rf /", "a\nb", ""],
        .modprobeConf: ["xennet\ninstall eth0 /bin/sh", "two words"],
        .inittab: ["xvc0:evil", "a b", "x\ny"],
        .hosts: ["# comment", "a b", "a\nb"],
        .line: ["key\nkey2", "a\u{0}b"],
        .shadow: ["$1$a:0:0", "$1$a\rb", "$1$\u{1B}"],
    ]

    @Test func everyFormatKeepsItsValuesAndRefusesWhatWouldBreakItsSyntax() {
        #expect(Set(Self.good.keys) == Set(GuestFileSyntax.allCases) && Set(Self.bad.keys) == Set(GuestFileSyntax.allCases))
        for syntax in GuestFileSyntax.allCases {
            for value in Self.good[syntax] ?? [] {
                #expect(syntax.problem(in: value) == nil, "\(syntax): \(value.debugDescription) refused")
            }
            for value in Self.bad[syntax] ?? [] {
                #expect(syntax.problem(in: value) != nil, "\(syntax): \(value.debugDescription) accepted")
            }
        }
    }

    static func decodeIssues(_ json: String) -> [RecipeIssue] {
        do {
            _ = try Recipe.decode(Array(json.utf8), file: "r.json")
            return []
        } catch {
            return error.issues
        }
    }

    static let base = #""name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}]"#

    /// Each recipe value that ends up in a guest file is checked for that file at decode time.
    @Test(arguments: [
        (#"{\#(base), "kernel": {"args": "ro\ntitle evil\n\tkernel /boot/evil"}}"#, "kernel.args"),
        (#"{\#(base), "kernel": {"args": "ro \u001b[2J"}}"#, "kernel.args"),
        (#"{\#(base), "kernel": {"preload": ["xenblk", "xennet\ninstall"]}}"#, "kernel.preload[1]"),
        (#"{\#(base), "sshKeys": ["ssh-ed25519 AAAA a\nssh-rsa BBBB evil"]}"#, "sshKeys[0]"),
        (#"{\#(base), "rootPassword": "$1$salt$hash\t"}"#, "rootPassword"),
        (#"{"name": "g", "source": {"tree": "t"}, "disks": [{"device": "sda1", "mount": "/"}, {"device": "sda2", "mount": "/my data"}]}"#, "disks[1].mount"),
    ])
    func recipeValuesAreCheckedForTheirFileAtDecodeTime(json: String, path: String) {
        let issues = Self.decodeIssues(json)
        #expect(issues.contains { $0.path == path }, "\(issues)")
        // The message shows the value escaped: one line, no raw control character.
        #expect(!issues.contains { $0.description.contains("\n") || $0.description.contains("\u{1B}") }, "\(issues)")
    }

    /// A kernel's title or path read from the image is checked when the menu is written.
    @Test func aBootMenuRefusesAValueThatWouldAddAnEntry() {
        let menu = BootMenu(timeout: 5, entries: [
            BootMenu.Entry(title: "CentOS (2.6.9)\ntitle evil", kernel: "/boot/vmlinuz", args: "ro", initrd: nil)
        ])
        #expect(throws: GuestFileValueError.self) { _ = try menu.text() }
        let fine = BootMenu(timeout: 5, entries: [BootMenu.Entry(title: "CentOS", kernel: "/boot/vmlinuz", args: "ro", initrd: "/boot/initrd")])
        #expect((try? fine.text())?.contains("title CentOS\n\tkernel /boot/vmlinuz ro\n\tinitrd /boot/initrd\n") == true)
    }

    @Test func fstabAndShellFilesRefuseValuesThatWouldBreakTheirLines() {
        #expect(throws: GuestFileValueError.self) { _ = try FstabEntry.format("/dev/sda2", "/my data", "ext3", "defaults", "1", "2") }
        #expect((try? FstabEntry.format("#obsolete", "/boot", "ext3", "defaults", "1", "2")) != nil, "builder's own comment-out")
        var file = ShellAssignments(text: "")
        #expect(throws: GuestFileValueError.self) { try file.set("HOSTNAME", "web\nGATEWAY=1.2.3.4") }
        #expect(file.text == "", "nothing written: \(file.text)")
    }

    /// One escaping for every message: C0 (ESC, newline), DEL, C1 (0x9B is a one-byte CSI) and
    /// the bidirectional overrides are shown as \xNN even inside valid UTF-8.
    @Test func printableEscapesControlCharactersEvenInValidUTF8() {
        #expect(Name.printable(Array("ok é".utf8)) == "ok é")
        #expect(Name.printable(Array("a\u{1B}[31mred".utf8)) == "a\\x1b[31mred")
        #expect(Name.printable(Array("a\u{9B}2J".utf8)) == "a\\xc2\\x9b2J")
        #expect(Name.printable(Array("evil\u{202E}gpj.exe".utf8)) == "evil\\xe2\\x80\\xaegpj.exe")
        #expect(Name.printable([0x61, 0xFF, 0x5C]) == "a\\xff\\x5c")
        #expect(Name.printable(lines: "a\tb\nc\u{1B}") == "a\tb\nc\\x1b")
    }
}

/// The kernel.args example end to end: a recipe error (exit 2) naming kernel.args, nothing written.
@Suite struct CLIInjectionTests {
    @Test func aNewlineInKernelArgsIsARecipeErrorAndNothingIsWritten() throws {
        let dir = try CLIHarness.scratch("inject-args")
        defer { CLIHarness.remove(dir) }
        let tree = CLIHarness.packageRoot + "/recipes/centos4/tree"
        try CLIHarness.write(
            #"{"name": "g", "profile": "centos4", "source": {"tree": "\#(tree)"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}], "kernel": {"args": "ro\ntitle evil\n\tkernel /boot/evil"}}"#,
            to: dir + "/r.json")
        for command in ["bake", "check"] {
            let r = try CLIHarness.builder([command, "r.json", "--out", dir + "/out"], cwd: dir)
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("r.json: kernel.args: found \"ro\\ntitle evil"), "\(command): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "\(command) wrote \(CLIHarness.listing(dir + "/out"))")
        }
    }

    /// A file name from an archive with terminal escapes is escaped in the error that names it.
    @Test func anArchiveMembersControlCharactersAreEscapedInErrors() throws {
        let dir = try CLIHarness.scratch("inject-escape")
        defer { CLIHarness.remove(dir) }
        let make = try CLIHarness.run("python3", ["-c", """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], "w") as t:
                info = tarfile.TarInfo("../\\x1b]0;pwned\\x07\\x1b[2J")
                info.size = 1
                t.addfile(info, io.BytesIO(b"x"))
            """, dir + "/e.tar"])
        try #require(make.status == 0, "\(make.stderr)")
        try CLIHarness.write(
            #"{"name": "g", "profile": "none", "source": {"tarball": "e.tar"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}]}"#,
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json", "--out", dir + "/out"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{07}"), "a raw control character reached the terminal: \(r.stderr.debugDescription)")
        #expect(r.stderr.contains("member '../\\x1b]0;pwned\\x07\\x1b[2J'"), "\(r.stderr)")
    }

    /// Text the report quotes from the image (a native fstab line's device) is escaped there too:
    /// report.txt is read on a terminal.
    @Test func theReportEscapesTheImagesControlCharacters() throws {
        let dir = try CLIHarness.scratch("inject-report")
        defer { CLIHarness.remove(dir) }
        let copy = try CLIHarness.run("cp", ["-a", CLIHarness.packageRoot + "/recipes/centos4/tree", dir + "/tree"])
        try #require(copy.status == 0, "\(copy.stderr)")
        let fstab = try String(contentsOfFile: dir + "/tree/etc/fstab", encoding: .utf8)
        try fstab.replacingOccurrences(of: "LABEL=/boot ", with: "LABEL=\u{1B}[2J ").write(toFile: dir + "/tree/etc/fstab", atomically: false, encoding: .utf8)
        try CLIHarness.write(
            #"{"name": "g", "profile": "centos4", "source": {"tree": "tree"}, "disks": [{"device": "sda1", "mount": "/", "size": "auto"}, {"device": "sda2", "mount": "/boot", "size": "auto", "fs": "ext2"}]}"#,
            to: dir + "/r.json")
        let r = try CLIHarness.builder(["bake", "r.json", "--out", dir + "/out"], cwd: dir)
        try #require(r.status == 0, "\(r.stderr)")
        let report = try String(contentsOfFile: dir + "/out/g/report.txt", encoding: .utf8)
        #expect(!report.contains("\u{1B}"), "a raw ESC in report.txt")
        #expect(report.contains("LABEL=\\x1b[2J"), "\(report)")
        #expect(!r.stderr.contains("\u{1B}") && !r.out.contains("\u{1B}"), "a raw ESC on the terminal")
    }
}
