import Foundation
import Testing

@testable import Builder

@Suite struct CustomiseStepTests {
    typealias C = StockCentOS4
    typealias File = AlignSettings.Customisation.File

    static func settings(_ edit: (inout AlignSettings.Customisation) -> Void) -> AlignSettings {
        var s = AlignSettings()
        edit(&s.customisation)
        return s
    }

    static func links(_ t: Tree, _ service: String) -> [String] {
        (0...6).map { level in
            let names = (C.node(t, "/etc/rc.d/rc\(level).d")?.entries ?? [:]).keys.map(\.description)
            return "\(level):" + names.filter { $0.dropFirst(3) == Substring(service) }.sorted().joined(separator: ",")
        }
    }

    @Test func filesFromTextAndFromTheHostWithModeOwnerAndParents() throws {
        let (dir, hostPath) = try C.hostFile("app.ini", "[app]\nport=8080\n")
        defer { HostTools.cleanUp(dir) }
        var motd = File(path: "/etc/motd", content: .text("Welcome to c4-web\n"))
        motd.permissions = 0o644
        var ini = File(path: "/opt/app/conf/app.ini", content: .source(hostPath))
        ini.permissions = 0o640
        ini.uid = 48
        ini.gid = 48
        var script = File(path: "/etc/init.d/myapp", content: .text(C.initScript("myapp", "345", 90, 10)))
        script.permissions = 0o755
        let s = Self.settings { $0.files = [motd, ini, script] }
        let (tree, changes) = try C.runTwice(CustomiseStep(), try C.make(), C.context(s))

        #expect(try C.text(tree, "/etc/motd") == "Welcome to c4-web\n")
        let iniNode = try #require(C.node(tree, "/opt/app/conf/app.ini"))
        #expect(iniNode.permissions == 0o640 && iniNode.uid == 48 && iniNode.gid == 48)
        #expect(try C.text(tree, "/opt/app/conf/app.ini") == "[app]\nport=8080\n")
        #expect(C.node(tree, "/opt/app")?.permissions == 0o755 && C.node(tree, "/opt/app")?.uid == 0)
        // Through the guest's /etc/init.d link, into /etc/rc.d/init.d; the link stays a link.
        #expect(C.node(tree, "/etc/rc.d/init.d/myapp")?.permissions == 0o755)
        #expect(C.node(tree, "/etc/init.d")?.kind == .symlink(Array("rc.d/init.d".utf8)))
        #expect(
            changes.filter { $0.action == .added }.compactMap(\.path?.description).contains("/etc/rc.d/init.d/myapp"))
    }

    @Test func aFileNeverReplacesADirectoryOrLeavesTheTree() throws {
        #expect(throws: CustomiseStep.Error.directoryInTheWay("/etc/sysconfig")) {
            try CustomiseStep().run(
                on: try C.make(),
                context: C.context(
                    Self.settings {
                        $0.files = [File(path: "/etc/sysconfig", content: .text("x"))]
                    }))
        }
        #expect(throws: CustomiseStep.Error.invalidPath("etc/motd")) {
            try CustomiseStep().run(
                on: try C.make(),
                context: C.context(
                    Self.settings {
                        $0.files = [File(path: "etc/motd", content: .text("x"))]
                    }))
        }
        #expect(throws: CustomiseStep.Error.self) {
            try CustomiseStep().run(
                on: try C.make(),
                context: C.context(
                    Self.settings {
                        $0.files = [File(path: "/etc/motd", content: .source("/nonexistent/builder-test"))]
                    }))
        }
    }

    @Test func removeTakesPathsAndNotesMissingOnes() throws {
        let s = Self.settings { $0.remove = ["/boot/grub/grub.conf", "/etc/init.d/sshd", "/var/lib/nothing"] }
        let (tree, changes) = try C.runTwice(CustomiseStep(), try C.make(), C.context(s))
        #expect(C.node(tree, "/boot/grub/grub.conf") == nil && C.node(tree, "/boot/grub") != nil)
        #expect(C.node(tree, "/etc/rc.d/init.d/sshd") == nil)
        #expect(C.node(tree, "/etc/init.d") != nil, "the link itself stays")
        #expect(
            changes.contains {
                $0.action == .note && $0.detail == "/var/lib/nothing is not in the guest: nothing to remove"
            })
        #expect(
            changes.contains {
                $0.action == .removed && $0.path?.description == "/etc/rc.d/init.d/sshd" && $0.before != nil
            })
    }

    @Test func servicesAreSwitchedAsChkconfigOnAndOffWould() throws {
        var script = File(path: "/etc/rc.d/init.d/myapp", content: .text(C.initScript("myapp", "345", 90, 10)))
        script.permissions = 0o755
        let s = Self.settings {
            $0.files = [script]
            $0.enableServices = ["httpd", "myapp"]
            $0.disableServices = ["sshd"]
        }
        let (tree, _) = try C.runTwice(CustomiseStep(), try C.make(), C.context(s))
        // httpd (`# chkconfig: - 85 15`, added with K links everywhere): `on` starts it in 2-5.
        #expect(
            Self.links(tree, "httpd") == [
                "0:K15httpd", "1:K15httpd", "2:S85httpd", "3:S85httpd", "4:S85httpd", "5:S85httpd", "6:K15httpd",
            ])
        // myapp was never added: --add first (K in 0, 1, 2, 6), then on (S in 2-5).
        #expect(
            Self.links(tree, "myapp") == [
                "0:K10myapp", "1:K10myapp", "2:S90myapp", "3:S90myapp", "4:S90myapp", "5:S90myapp", "6:K10myapp",
            ])
        // sshd `off`: K25 in 2-5; 0, 1 and 6 untouched.
        #expect(
            Self.links(tree, "sshd") == [
                "0:K25sshd", "1:K25sshd", "2:K25sshd", "3:K25sshd", "4:K25sshd", "5:K25sshd", "6:K25sshd",
            ])
        #expect(C.node(tree, "/etc/rc.d/rc3.d/S85httpd")?.kind == .symlink(Array("../init.d/httpd".utf8)))
        // Other services keep their links.
        #expect(Self.links(tree, "network") == Self.links(try C.make(), "network"))
    }

    @Test func chkconfigOffLeavesLevelsZeroOneAndSixAsTheyWere() throws {
        var t = try C.make()
        // A hand-made S link in runlevel 1 is not chkconfig off's business.
        try t.insert(C.link("../init.d/sshd"), at: GuestPath("/etc/rc.d/rc1.d/S55sshd"))
        try t.remove(GuestPath("/etc/rc.d/rc1.d/K25sshd"))
        let (tree, _) = try C.runTwice(CustomiseStep(), t, C.context(Self.settings { $0.disableServices = ["sshd"] }))
        #expect(
            Self.links(tree, "sshd") == [
                "0:K25sshd", "1:S55sshd", "2:K25sshd", "3:K25sshd", "4:K25sshd", "5:K25sshd", "6:K25sshd",
            ])
    }

    @Test func serviceErrorsNameTheScript() throws {
        #expect(throws: ChkconfigService.Error.missingScript(service: "postfix")) {
            try CustomiseStep().run(
                on: try C.make(), context: C.context(Self.settings { $0.enableServices = ["postfix"] }))
        }
        var t = try C.make()
        try t.insert(C.file("#!/bin/sh\necho hi\n", 0o755), at: GuestPath("/etc/rc.d/init.d/plain"))
        #expect(throws: ChkconfigService.Error.noHeader(service: "plain", path: "/etc/rc.d/init.d/plain")) {
            try CustomiseStep().run(on: t, context: C.context(Self.settings { $0.disableServices = ["plain"] }))
        }
        #expect(ChkconfigService.parseHeader("# chkconfig: 2345 55 25\n")! == ([2, 3, 4, 5], 55, 25))
        #expect(ChkconfigService.parseHeader("#chkconfig:\t-\t85\t15\n")! == ([], 85, 15))
        #expect(ChkconfigService.parseHeader("# chkconfig: 2378 55 25\n") == nil)
    }

    @Test func rootPasswordHashGoesIntoShadow() throws {
        let hash = try HostTools.run(["openssl", "passwd", "-1", "-salt", "c4salt", "s3cret"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.hasPrefix("$1$c4salt$"))
        let (tree, _) = try C.runTwice(
            CustomiseStep(), try C.make(), C.context(Self.settings { $0.rootPasswordHash = hash }))
        let shadow = try #require(try C.text(tree, "/etc/shadow"))
        let root = shadow.split(separator: "\n").first.map(String.init) ?? ""
        // Days since 1970 of the build time (1_200_000_000 s → day 13888), as passwd would set it.
        #expect(root == "root:\(hash):13888:0:99999:7:::")
        #expect(
            shadow.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n" == C.shadow.split(separator: "\n")
                .dropFirst().joined(separator: "\n") + "\n")
        #expect(C.node(tree, "/etc/shadow")?.permissions == 0o400)
        // glibc's crypt() accepts the stored hash for the password, and pwck reads the file.
        let py = try HostTools.run([
            "/usr/bin/python3", "-W", "ignore", "-c",
            "import crypt,sys; h=sys.argv[1].split(':')[1]; print(crypt.crypt('s3cret', h) == h)", root,
        ])
        #expect(py.output.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(py.output)")
        let dir = try HostTools.temporaryDirectory("pwck")
        defer { HostTools.cleanUp(dir) }
        let passwd =
            "root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nsshd:x:74:74:sshd:/:/sbin/nologin\n"
        try Data(passwd.utf8).write(to: URL(fileURLWithPath: dir + "/passwd"))
        try Data(shadow.utf8).write(to: URL(fileURLWithPath: dir + "/shadow"))
        let pwck = try HostTools.run(["pwck", "-r", "-q", dir + "/passwd", dir + "/shadow"])
        #expect(pwck.ok, "\(pwck.output)")
    }

    /// Only CentOS 4's crypt stops at MD5: a modern guest takes SHA-crypt, yescrypt and bcrypt.
    @Test func modernGuestsTakeEveryCryptScheme() throws {
        for hash in ["$6$salt$abc", "$5$salt$abc", "$y$j9T$salt$abc", "$2b$05$abcdefghijklmnopqrstuv"] {
            var tree = try StockDebian.make()
            try tree.insert(C.file("root:*:19000:0:99999:7:::\n"), at: GuestPath("/etc/shadow"), parentTemplate: C.dir())
            try tree.insert(C.file(""), at: GuestPath("/lib/x86_64-linux-gnu/libc.so.6"), parentTemplate: C.dir())
            let (out, _) = try CustomiseStep().run(
                on: tree, context: StockDebian.context(Self.settings { $0.rootPasswordHash = hash }))
            #expect(try C.text(out, "/etc/shadow") == "root:\(hash):\(C.buildTime.seconds / 86_400):0:99999:7:::\n")
        }
    }

    @Test func shaCryptHashesAndBrokenShadowsAreRefused() throws {
        for hash in ["$6$salt$abc", "$5$salt$abc", "$2a$05$abc"] {
            #expect(throws: CustomiseStep.Error.self) {
                try CustomiseStep().run(
                    on: try C.make(), context: C.context(Self.settings { $0.rootPasswordHash = hash }))
            }
        }
        let sha = CustomiseStep.Error.unsupportedHash(prefix: "$6$")
        #expect(sha.description.contains("MD5") && sha.description.contains("$1$"))
        #expect(throws: CustomiseStep.Error.unsupportedHash(prefix: "$6$")) {
            try CustomiseStep().run(
                on: try C.make(), context: C.context(Self.settings { $0.rootPasswordHash = "$6$x$y" }))
        }
        #expect(throws: CustomiseStep.Error.invalidHash) {
            try CustomiseStep().run(
                on: try C.make(), context: C.context(Self.settings { $0.rootPasswordHash = "$1$a:b$c" }))
        }
        // A guest that is not CentOS 4 but has a glibc older than 2.7 is refused the same way.
        var oldGlibc = try StockDebian.make()
        try oldGlibc.insert(C.file(""), at: GuestPath("/lib/libc-2.5.so"), parentTemplate: C.dir())
        try oldGlibc.insert(C.file("root:*:19000:0:99999:7:::\n"), at: GuestPath("/etc/shadow"), parentTemplate: C.dir())
        #expect(throws: CustomiseStep.Error.unsupportedHash(prefix: "$y$", glibc: "this guest's glibc (/lib/libc-2.5.so)")) {
            try CustomiseStep().run(on: oldGlibc, context: StockDebian.context(Self.settings { $0.rootPasswordHash = "$y$j9T$a$b" }))
        }
        let noRoot = try C.make().replacingFile("/etc/shadow", "bin:*:13600:0:99999:7:::\n")
        #expect(throws: CustomiseStep.Error.noRootInShadow) {
            try CustomiseStep().run(on: noRoot, context: C.context(Self.settings { $0.rootPasswordHash = "$1$a$b" }))
        }
    }

    @Test func sshKeysAreAppendedOnceWithSshdsModes() throws {
        let dir = try HostTools.temporaryDirectory("sshkeys")
        defer { HostTools.cleanUp(dir) }
        var keys: [String] = []
        for name in ["a", "b"] {
            let r = try HostTools.run([
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "user-\(name)", "-f", "\(dir)/\(name)",
            ])
            #expect(r.ok, "\(r.output)")
            keys.append(
                try String(contentsOfFile: "\(dir)/\(name).pub", encoding: .utf8).trimmingCharacters(in: .newlines))
        }
        var t = try C.make()
        try t.insert(C.file(keys[0]), at: GuestPath("/root/.ssh/authorized_keys"), parentTemplate: C.dir(0o700))
        let (tree, changes) = try C.runTwice(
            CustomiseStep(), t, C.context(Self.settings { $0.sshAuthorizedKeys = keys }))
        let text = try #require(try C.text(tree, "/root/.ssh/authorized_keys"))
        #expect(text == keys[0] + "\n" + keys[1] + "\n")
        #expect(changes.contains { $0.detail == "1 ssh key(s) for root" })
        // A fresh tree: the folder and file are made with sshd's modes.
        var fresh = try C.make()
        try fresh.remove(GuestPath("/root"))
        let (made, _) = try C.runTwice(CustomiseStep(), fresh, C.context(Self.settings { $0.sshAuthorizedKeys = keys }))
        #expect(C.node(made, "/root")?.permissions == 0o750)
        #expect(C.node(made, "/root/.ssh")?.permissions == 0o700)
        let file = try #require(C.node(made, "/root/.ssh/authorized_keys"))
        #expect(file.permissions == 0o600 && file.uid == 0 && file.gid == 0)
        // ssh-keygen reads back both keys from the file builder wrote.
        let out = try #require(try C.text(made, "/root/.ssh/authorized_keys"))
        try Data(out.utf8).write(to: URL(fileURLWithPath: "\(dir)/authorized_keys"))
        let l = try HostTools.run(["ssh-keygen", "-l", "-f", "\(dir)/authorized_keys"])
        #expect(l.ok && l.output.contains("user-a") && l.output.contains("user-b"), "\(l.output)")
    }

    @Test func nothingAskedIsANote() throws {
        let (tree, changes) = try C.runTwice(CustomiseStep(), try C.make(), C.context())
        #expect(C.differences(try C.make(), tree) == [])
        #expect(changes.map(\.detail) == ["the recipe asks for no customisation"])
    }
}
