import Foundation
import Testing

@testable import Builder

/// The domain configs, read back by independent parsers: Python itself executes the xm file (as
/// xm does, facts §5.1); the xl file's values go through Python's `ast.literal_eval` one line at a
/// time (xl's syntax: quoted strings, numbers, lists of strings, facts §5.2).
@Suite struct DomainConfigTests {
    static let xmReader = """
        import json, sys
        ns = {}
        exec(open(sys.argv[1]).read(), {}, ns)
        print(json.dumps(ns))
        """
    static let xlReader = """
        import ast, json, re, sys
        ns = {}
        for line in open(sys.argv[1]).read().split("\\n"):
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^([a-z_]+) = (.*)$", line)
            if not m:
                sys.exit("not a KEY = VALUE line: " + line)
            ns[m.group(1)] = ast.literal_eval(m.group(2))
        print(json.dumps(ns))
        """

    /// Writes `text` and `reader` to a scratch folder, runs the reader with python3, returns the
    /// variables it found.
    static func parse(_ text: String, with reader: String) throws -> [String: Any] {
        let dir = try CLIHarness.scratch("domcfg")
        defer { CLIHarness.remove(dir) }
        try reader.write(toFile: dir + "/read.py", atomically: false, encoding: .utf8)
        try text.write(toFile: dir + "/guest.cfg", atomically: false, encoding: .utf8)
        let r = try CLIHarness.run("python3", [dir + "/read.py", dir + "/guest.cfg"])
        try #require(r.status == 0, "python3: \(r.stderr)\n\(text)")
        return try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    static func recipe(_ boot: String, extra: String = "") throws -> Recipe {
        let json = """
            {"name": "web-1", "profile": "centos4", "source": {"tree": "/tmp"},
             "kernel": {"boot": "\(boot)", "args": "3"\(boot == "static" ? ", \"image\": \"/tmp/vmlinuz\"" : "")},
             "disks": [{"device": "sda1", "mount": "/", "size": "64M"}, {"device": "sda2", "swap": true, "size": "32M"}],
             "network": [{"ip": "dhcp", "bridge": "xenbr0"}, {"ip": "dhcp", "mac": "00:16:3E:12:34:56"}]
             \(extra)}
            """
        return try Recipe.decode(Array(json.utf8), file: "/tmp/web-1.json")
    }

    static let kernel = GuestKernel(
        version: "2.6.9-89.ELxenU", imagePath: try! GuestPath("/boot/vmlinuz-2.6.9-89.ELxenU"),
        initrdPath: try! GuestPath("/boot/initrd-2.6.9-89.ELxenU.img"), abi: "xen-3.0-x86_32p", console: "xvc0",
        isStatic: false)

    @Test func pygrubConfigsParseToTheRecipesValues() throws {
        let r = try Self.recipe("pygrub", extra: #", "memory": 512, "vcpus": 2, "output": {"imageDir": "/srv/xen"}"#)
        let config = try DomainConfig.make(r, kernel: nil)
        let mac0 = DomainConfig.derivedMAC(guest: "web-1", interface: 0)
        for (text, reader) in [(try config.xm(), Self.xmReader), (try config.xl(), Self.xlReader)] {
            let ns = try Self.parse(text, with: reader)
            #expect(ns["name"] as? String == "web-1")
            #expect(ns["memory"] as? Int == 512)
            #expect(ns["vcpus"] as? Int == 2)
            #expect(ns["bootloader"] as? String == "pygrub")
            #expect(ns["kernel"] == nil)
            #expect(ns["vif"] as? [String] == ["mac=\(mac0),bridge=xenbr0", "mac=00:16:3e:12:34:56"])
            #expect(ns["uuid"] as? String == config.uuid)
            #expect(ns["on_poweroff"] as? String == "destroy" && ns["on_reboot"] as? String == "restart"
                && ns["on_crash"] as? String == "restart")
        }
        let xm = try Self.parse(try config.xm(), with: Self.xmReader)
        #expect(xm["disk"] as? [String] == ["file:/srv/xen/web-1/sda1.img,sda1,w", "file:/srv/xen/web-1/sda2.img,sda2,w"])
        let xl = try Self.parse(try config.xl(), with: Self.xlReader)
        #expect(xl["type"] as? String == "pv")
        #expect(xl["disk"] as? [String] == [
            "format=raw, vdev=sda1, access=rw, target=/srv/xen/web-1/sda1.img",
            "format=raw, vdev=sda2, access=rw, target=/srv/xen/web-1/sda2.img",
        ])
    }

    @Test func dom0ConfigsNameTheKernelAndInitrdBesideTheImages() throws {
        let config = try DomainConfig.make(try Self.recipe("dom0"), kernel: Self.kernel)
        let xm = try Self.parse(try config.xm(), with: Self.xmReader)
        #expect(xm["memory"] as? Int == 128 && xm["vcpus"] as? Int == 1)
        #expect(xm["kernel"] as? String == "/var/lib/xen/images/web-1/vmlinuz-2.6.9-89.ELxenU")
        #expect(xm["ramdisk"] as? String == "/var/lib/xen/images/web-1/initrd-2.6.9-89.ELxenU.img")
        #expect(xm["root"] as? String == "/dev/sda1 ro")
        #expect(xm["extra"] as? String == "3 console=xvc0")
        #expect(xm["bootloader"] == nil)
        let xl = try Self.parse(try config.xl(), with: Self.xlReader)
        #expect(xl["kernel"] as? String == xm["kernel"] as? String)
        #expect(xl["ramdisk"] as? String == xm["ramdisk"] as? String)
        #expect(xl["cmdline"] as? String == "root=/dev/sda1 ro 3 console=xvc0")
    }

    @Test func staticConfigsHaveAKernelAndNoRamdisk() throws {
        var k = Self.kernel
        k.initrdPath = nil
        k.isStatic = true
        let config = try DomainConfig.make(try Self.recipe("static"), kernel: k)
        for (text, reader) in [(try config.xm(), Self.xmReader), (try config.xl(), Self.xlReader)] {
            let ns = try Self.parse(text, with: reader)
            #expect(ns["kernel"] as? String == "/var/lib/xen/images/web-1/vmlinuz-2.6.9-89.ELxenU")
            #expect(ns["ramdisk"] == nil)
            #expect(ns["bootloader"] == nil)
        }
    }

    @Test func derivedIdentifiersAreStableAndInXensRange() throws {
        let a = DomainConfig.derivedMAC(guest: "web-1", interface: 0)
        #expect(a == DomainConfig.derivedMAC(guest: "web-1", interface: 0))
        #expect(a != DomainConfig.derivedMAC(guest: "web-1", interface: 1))
        #expect(a != DomainConfig.derivedMAC(guest: "web-2", interface: 0))
        for i in 0..<32 {
            let mac = DomainConfig.derivedMAC(guest: "g\(i)", interface: i)
            let parts = mac.split(separator: ":")
            #expect(parts.count == 6 && mac.hasPrefix("00:16:3e:"), "\(mac)")
            #expect((UInt8(parts[3], radix: 16) ?? 0xFF) < 0x80, "\(mac)")
        }
        let u1 = try DomainConfig.make(try Self.recipe("pygrub"), kernel: nil).uuid
        #expect(u1 == (try DomainConfig.make(try Self.recipe("pygrub"), kernel: nil).uuid))
        #expect(u1.count == 36)
    }

    @Test func quotesBackslashesAndOtherQuotesComeBackUnchanged() throws {
        let nasty = #"a'b"c\d\'e\\"# + "\\"
        var config = try DomainConfig.make(try Self.recipe("dom0"), kernel: Self.kernel)
        config.name = nasty
        config.boot = .direct(kernel: "/k'\"", ramdisk: nil, root: "/dev/sda1 ro", extra: nasty + " x='1'")
        config.vifs = [nasty]
        let xm = try Self.parse(try config.xm(), with: Self.xmReader)
        #expect(xm["name"] as? String == nasty)
        #expect(xm["extra"] as? String == nasty + " x='1'")
        #expect(xm["kernel"] as? String == "/k'\"")
        #expect(xm["vif"] as? [String] == [nasty])
        #expect(Set(xm.keys) == ["name", "uuid", "memory", "vcpus", "kernel", "root", "extra", "disk", "vif", "on_poweroff", "on_reboot", "on_crash"])
        let xl = try Self.parse(try config.xl(), with: Self.xlReader)
        #expect(xl["name"] as? String == nasty)
        #expect(xl["cmdline"] as? String == "root=/dev/sda1 ro " + nasty + " x='1'")
        #expect(xl["vif"] as? [String] == [nasty])
    }

    @Test func newlinesAndControlCharactersAreRefused() throws {
        for bad in ["x\nimport os", "x\rmemory = 1", "x\u{0}", "tab\there", "é"] {
            var config = try DomainConfig.make(try Self.recipe("pygrub"), kernel: nil)
            config.name = bad
            #expect(throws: DomainConfigError.unsafeValue(key: "name", value: bad)) { try config.xm() }
            #expect(throws: DomainConfigError.unsafeValue(key: "name", value: bad)) { try config.xl() }
        }
    }

    @Test func recipeKeysAreChecked() throws {
        #expect(throws: RecipeError.self) { try Self.recipe("pygrub", extra: #", "memory": 0"#) }
        #expect(throws: RecipeError.self) { try Self.recipe("pygrub", extra: #", "vcpus": "2""#) }
        #expect(throws: RecipeError.self) { try Self.recipe("pygrub", extra: #", "output": {"imageDir": "rel/dir"}"#) }
        #expect(throws: RecipeError.self) { try Self.recipe("pygrub", extra: #", "output": {"imageDir": "/a,b"}"#) }
        let r = try Self.recipe("pygrub")
        #expect(r.align.memory == 128 && r.align.vcpus == 1 && r.output.imageDir == "/var/lib/xen/images")
    }
}
