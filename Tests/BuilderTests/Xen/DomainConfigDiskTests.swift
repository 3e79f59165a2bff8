import Foundation
import Testing

@testable import Builder

/// The disk lines of both configs, for every access prefix and both layouts, read back by Python:
/// the xm line the way xend splits it (three comma fields, the uname's prefix before the path,
/// facts §5.1), the xl line by the grammar of xl-disk-configuration(5) (positional target,
/// format, vdev, access; KEY=VALUE parameters; `target=` takes the rest of the spec). Both must
/// name the same target and vdev, writable.
@Suite struct DomainConfigDiskTests {
    static let reader = """
        import json, sys
        ns = {}
        exec(open(sys.argv[1]).read(), {}, ns)
        xm = []
        for spec in ns["disk"]:
            fields = spec.split(",")
            if len(fields) != 3:
                sys.exit("xend: Invalid disk specifier " + spec)
            uname, vdev, mode = fields
            for prefix in ("tap:aio:", "file:", "phy:"):
                if uname.startswith(prefix):
                    xm.append({"prefix": prefix, "target": uname[len(prefix):], "vdev": vdev, "mode": mode})
                    break
            else:
                sys.exit("no known prefix: " + spec)
        xl = []
        for line in open(sys.argv[2]).read().split("\\n"):
            if not line.startswith("disk = "):
                continue
            import ast
            for spec in ast.literal_eval(line[len("disk = "):]):
                got, positional, rest = {}, ["target", "format", "vdev", "access"], spec
                while rest:
                    param, _, tail = rest.lstrip().partition(",")
                    if rest.lstrip().startswith("target="):
                        got["target"] = rest.lstrip()[len("target="):]
                        break
                    if "=" in param:
                        k, v = param.split("=", 1)
                    else:
                        k, v = positional[0], param
                    if k in got:
                        sys.exit("given twice: " + k + " in " + spec)
                    got[k] = v
                    if k in positional:
                        positional.remove(k)
                    rest = tail
                xl.append(got)
        print(json.dumps({"xm": xm, "xl": xl}))
        """

    struct Line: Equatable {
        var prefix: String
        var target: String
        var vdev: String
    }

    /// Each disk as xm and as xl read it; fails unless both agree on target and vdev and give
    /// write access.
    static func disks(_ config: DomainConfig) throws -> [Line] {
        let dir = try CLIHarness.scratch("domcfg-disk")
        defer { CLIHarness.remove(dir) }
        try reader.write(toFile: dir + "/read.py", atomically: false, encoding: .utf8)
        let xmText = try config.xm(), xlText = try config.xl()
        try xmText.write(toFile: dir + "/g.cfg", atomically: false, encoding: .utf8)
        try xlText.write(toFile: dir + "/g.xl.cfg", atomically: false, encoding: .utf8)
        let r = try CLIHarness.run("python3", [dir + "/read.py", dir + "/g.cfg", dir + "/g.xl.cfg"])
        try #require(r.status == 0, "python3: \(r.stderr)\n\(xmText)\n\(xlText)")
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: [[String: String]]])
        let xm = try #require(json["xm"]), xl = try #require(json["xl"])
        try #require(xm.count == xl.count, "\(json)")
        var lines: [Line] = []
        for (m, l) in zip(xm, xl) {
            #expect(m["mode"] == "w", "\(m)")
            #expect(l["access"] == "rw" && l["format"] == "raw", "\(l)")
            #expect(m["target"] == l["target"] && m["vdev"] == l["vdev"], "xm \(m) and xl \(l) disagree")
            lines.append(Line(prefix: m["prefix"] ?? "", target: m["target"] ?? "", vdev: m["vdev"] ?? ""))
        }
        return lines
    }

    @Test(arguments: [("file", "file:"), ("tap:aio", "tap:aio:")])
    func fileAccessNamesTheImagesUnderImageDir(access: String, prefix: String) throws {
        let partitions = try DomainConfigTests.recipe("pygrub", extra: #", "output": {"access": "\#(access)"}"#)
        #expect(try Self.disks(try DomainConfig.make(partitions, kernel: nil)) == [
            Line(prefix: prefix, target: "/var/lib/xen/images/web-1/sda1.img", vdev: "sda1"),
            Line(prefix: prefix, target: "/var/lib/xen/images/web-1/sda2.img", vdev: "sda2"),
        ])
        let disk = try DomainConfigTests.recipe("pygrub", extra: #", "layout": "disk", "output": {"access": "\#(access)"}"#)
        #expect(try Self.disks(try DomainConfig.make(disk, kernel: nil)) == [
            Line(prefix: prefix, target: "/var/lib/xen/images/web-1/sda.img", vdev: "sda")
        ])
    }

    @Test func phyAccessNamesOneBlockDevicePerImageTheWayXenToolsNamesVolumes() throws {
        let partitions = try DomainConfigTests.recipe(
            "pygrub", extra: #", "output": {"access": "phy", "imageDir": "/dev/vg0"}"#)
        #expect(try Self.disks(try DomainConfig.make(partitions, kernel: nil)) == [
            Line(prefix: "phy:", target: "/dev/vg0/web-1-sda1", vdev: "sda1"),
            Line(prefix: "phy:", target: "/dev/vg0/web-1-sda2", vdev: "sda2"),
        ])
        let disk = try DomainConfigTests.recipe(
            "pygrub", extra: #", "layout": "disk", "output": {"access": "phy", "imageDir": "/dev/vg0"}"#)
        #expect(try Self.disks(try DomainConfig.make(disk, kernel: nil)) == [
            Line(prefix: "phy:", target: "/dev/vg0/web-1-sda", vdev: "sda")
        ])
    }

    @Test func anUnknownAccessIsRefusedWithItsPath() throws {
        do {
            _ = try DomainConfigTests.recipe("pygrub", extra: #", "output": {"access": "tap:qcow"}"#)
            Issue.record("\"tap:qcow\" was accepted")
        } catch {
            #expect("\(error)".contains("output.access") && "\(error)".contains("\"phy\""), "\(error)")
        }
    }
}
