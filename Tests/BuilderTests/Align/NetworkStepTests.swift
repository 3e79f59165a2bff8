import Foundation
import Testing

@testable import Builder

@Suite struct NetworkStepTests {
    typealias C = StockCentOS4

    /// The variables bash sees after sourcing `text`, as the initscripts do (`. ifcfg-eth0`).
    static func sourced(_ text: String, _ names: [String]) throws -> [String: String] {
        let (dir, path) = try C.hostFile("vars", text)
        defer { HostTools.cleanUp(dir) }
        let script =
            ". \(path); " + names.map { "printf '%s=%s\\n' \($0) \"${\($0)-<unset>}\"" }.joined(separator: "; ")
        let r = try HostTools.run(["bash", "-c", script])
        #expect(r.ok, "\(r.output)")
        var out: [String: String] = [:]
        for line in r.output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { out[String(parts[0])] = String(parts[1]) }
        }
        return out
    }

    /// kmod's view of a modprobe.conf: its `alias`, `options`, `install` and `remove` lines as
    /// `modprobe -c` prints them, less what the same command prints for an empty configuration
    /// folder. `modprobe -c` adds the host's own lines (options from the kernel command line, the
    /// running kernel's module indexes): the baseline, taken on the same host in the same run,
    /// takes them out whatever they are.
    static func modprobeConfig(_ text: String) throws -> [String] {
        let dir = try HostTools.temporaryDirectory("modprobe")
        defer { HostTools.cleanUp(dir) }
        let empty = dir + "/empty"
        let conf = dir + "/conf"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: conf, withIntermediateDirectories: false)
        try Data(text.utf8).write(to: URL(fileURLWithPath: conf + "/modprobe.conf"))
        var baseline = try modprobeLines(configFolder: empty)
        var lines: [String] = []
        for line in try modprobeLines(configFolder: conf) {
            if let i = baseline.firstIndex(of: line) { baseline.remove(at: i) } else { lines.append(line) }
        }
        return lines
    }

    private static func modprobeLines(configFolder: String) throws -> [String] {
        let r = try HostTools.run(["modprobe", "-C", configFolder, "-c"])
        #expect(r.ok, "\(r.output)")
        let kept = Set(["alias", "options", "install", "remove"])
        return r.output.split(separator: "\n").map(String.init).filter { kept.contains(String($0.prefix { $0 != " " })) }
    }

    @Test func theModprobeOracleSubtractsTheHostsOwnLines() throws {
        // Whatever the host adds (here: nothing, or a kernel command line's options), an empty
        // file gives no line and a file's own lines come back as they are.
        #expect(try Self.modprobeConfig("") == [])
        let lines = try Self.modprobeConfig("alias eth0 xennet\noptions snd-card-0 index=0\n")
        #expect(lines.sorted() == ["alias eth0 xennet", "options snd_card_0 index=0"], "\(lines)")
    }

    @Test func stockModprobeConfGetsTheXenDriversAndLosesTheNativeHardware() throws {
        let (tree, changes) = try C.runTwice(NetworkStep(), try C.make(), C.context())
        let text = try #require(try C.text(tree, "/etc/modprobe.conf"))
        #expect(
            text.hasPrefix("alias eth0 xennet\nalias scsi_hostadapter xenblk\nalias snd-card-0 snd-intel8x0\n"),
            "\(text)")
        let config = try Self.modprobeConfig(text)
        #expect(
            config.filter { $0.hasPrefix("alias") }.sorted() == [
                "alias eth0 xennet", "alias scsi_hostadapter xenblk", "alias snd_card_0 snd_intel8x0",
            ], "\(config)")
        #expect(config.filter { $0.hasPrefix("options") } == ["options snd_card_0 index=0"], "\(config)")
        // The sound driver's install/remove commands (a continued line) are untouched.
        #expect(config.contains { $0.hasPrefix("install snd_intel8x0 ") && $0.contains("alsactl restore") })
        #expect(config.contains { $0.hasPrefix("remove snd_intel8x0 ") })
        let removed = changes.filter { $0.action == .note && $0.detail.hasPrefix("removed `") }.map(\.detail)
        #expect(removed.count == 5, "\(removed)")
        for line in [
            "alias eth0 e1000", "alias scsi_hostadapter ata_piix", "alias usb-controller uhci-hcd",
            "alias usb-controller1 ehci-hcd", "options e1000 InterruptThrottleRate=1",
        ] {
            #expect(removed.contains { $0.contains("`\(line)`") }, "\(line) not reported: \(removed)")
        }
    }

    @Test func dhcpIsTheDefaultAndHWADDRGoes() throws {
        let (tree, _) = try C.runTwice(NetworkStep(), try C.make(), C.context())
        let eth0 = try #require(try C.text(tree, "/etc/sysconfig/network-scripts/ifcfg-eth0"))
        let v = try Self.sourced(
            eth0, ["DEVICE", "BOOTPROTO", "HWADDR", "IPADDR", "NETMASK", "BROADCAST", "ONBOOT", "TYPE"])
        #expect(
            v == [
                "DEVICE": "eth0", "BOOTPROTO": "dhcp", "HWADDR": "<unset>", "IPADDR": "<unset>", "NETMASK": "<unset>",
                "BROADCAST": "<unset>", "ONBOOT": "yes", "TYPE": "Ethernet",
            ])
        // lo is not a guest NIC: untouched.
        #expect(try C.text(tree, "/etc/sysconfig/network-scripts/ifcfg-lo") == C.ifcfgLo)
        let network = try Self.sourced(
            try #require(try C.text(tree, "/etc/sysconfig/network")), ["NETWORKING", "HOSTNAME", "GATEWAY"])
        #expect(network == ["NETWORKING": "yes", "HOSTNAME": "c4native.example.com", "GATEWAY": "192.168.1.1"])
        // No DNS in the recipe: resolv.conf stays.
        #expect(try C.text(tree, "/etc/resolv.conf") == C.resolvConf)
    }

    @Test func staticAddressesMACsHostnameAndDNSFromTheRecipe() throws {
        var s = AlignSettings()
        var eth0 = AlignSettings.NetworkInterface(address: .ipv4(address: "10.1.2.3", prefix: 22))
        eth0.gateway = "10.1.0.1"
        eth0.mac = "00:16:3e:0a:bb:cc"
        eth0.dns = ["10.1.0.53", "10.1.0.54"]
        var eth1 = AlignSettings.NetworkInterface()
        eth1.dns = ["10.1.0.54", "9.9.9.9"]
        s.network = [eth0, eth1]
        s.hostname = "c4-web"
        let (tree, _) = try C.runTwice(NetworkStep(), try C.make(), C.context(s))
        let dir = "/etc/sysconfig/network-scripts"
        let v0 = try Self.sourced(
            try #require(try C.text(tree, "\(dir)/ifcfg-eth0")),
            ["DEVICE", "BOOTPROTO", "HWADDR", "IPADDR", "NETMASK", "NETWORK", "BROADCAST", "GATEWAY", "ONBOOT"])
        #expect(
            v0 == [
                "DEVICE": "eth0", "BOOTPROTO": "static", "HWADDR": "00:16:3E:0A:BB:CC", "IPADDR": "10.1.2.3",
                "NETMASK": "255.255.252.0", "NETWORK": "<unset>", "BROADCAST": "<unset>", "GATEWAY": "10.1.0.1",
                "ONBOOT": "yes",
            ])
        // The netmask agrees with Python's ipaddress.
        let py = try HostTools.run([
            "python3", "-c", "import ipaddress; print(ipaddress.ip_network('10.1.0.0/22').netmask)",
        ])
        #expect(py.output.trimmingCharacters(in: .whitespacesAndNewlines) == v0["NETMASK"])
        // eth1 had no ifcfg file: made, 0644, root's.
        let eth1Text = try #require(try C.text(tree, "\(dir)/ifcfg-eth1"))
        #expect(eth1Text == "DEVICE=eth1\nBOOTPROTO=dhcp\nPEERDNS=no\nONBOOT=yes\nTYPE=Ethernet\n")
        #expect(C.node(tree, "\(dir)/ifcfg-eth1")?.permissions == 0o644)
        #expect(
            try C.text(tree, "/etc/modprobe.conf")?.hasPrefix(
                "alias eth0 xennet\nalias eth1 xennet\nalias scsi_hostadapter xenblk\n") == true)
        let network = try Self.sourced(
            try #require(try C.text(tree, "/etc/sysconfig/network")), ["HOSTNAME", "GATEWAY"])
        #expect(network == ["HOSTNAME": "c4-web", "GATEWAY": "10.1.0.1"])
        #expect(
            try C.text(tree, "/etc/resolv.conf")
                == "search example.com\nnameserver 10.1.0.53\nnameserver 10.1.0.54\nnameserver 9.9.9.9\n")
    }

    @Test func nativeInterfacesBeyondTheGuestsStayButDoNotComeUp() throws {
        var t = try C.make()
        try t.insert(
            C.file(C.ifcfgEth0.replacingAll("eth0", with: "eth1")),
            at: GuestPath("/etc/sysconfig/network-scripts/ifcfg-eth1"))
        let (tree, changes) = try C.runTwice(NetworkStep(), t, C.context())
        let v = try Self.sourced(
            try #require(try C.text(tree, "/etc/sysconfig/network-scripts/ifcfg-eth1")), ["ONBOOT", "HWADDR"])
        #expect(v == ["ONBOOT": "no", "HWADDR": "00:0C:29:3A:5B:7C"])
        #expect(changes.contains { $0.action == .note && $0.detail.contains("ifcfg-eth1 kept with ONBOOT=no") })
    }

    @Test func ifupLocalTurnsTXChecksummingOffOnEthInterfacesOnly() throws {
        let (tree, _) = try C.runTwice(NetworkStep(), try C.make(), C.context())
        let node = try #require(C.node(tree, "/sbin/ifup-local"))
        #expect(node.permissions == 0o755 && node.uid == 0 && node.gid == 0)
        let script = try #require(try C.text(tree, "/sbin/ifup-local"))
        #expect(script.hasPrefix("#!/bin/sh\n"))
        // Run it with ethtool replaced by echo: what ifup-post would make it do for eth0 and lo.
        let (dir, path) = try C.hostFile("ifup-local", script.replacingAll("/sbin/ethtool", with: "echo ethtool"))
        defer { HostTools.cleanUp(dir) }
        #expect(try HostTools.run(["sh", "-n", path]).ok)
        #expect(try HostTools.run(["sh", path, "eth0"]).output == "ethtool -K eth0 tx off\n")
        #expect(try HostTools.run(["sh", path, "lo"]).output == "")
    }

    @Test func anExistingIfupLocalIsAppendedToAndMadeExecutable() throws {
        var t = try C.make()
        try t.insert(C.file("#!/bin/bash\nlogger \"ifup $1\"", 0o700, uid: 5), at: GuestPath("/sbin/ifup-local"))
        let (tree, _) = try C.runTwice(NetworkStep(), t, C.context())
        let node = try #require(C.node(tree, "/sbin/ifup-local"))
        #expect(node.permissions == 0o755 && node.uid == 5)
        let script = try #require(try C.text(tree, "/sbin/ifup-local"))
        #expect(script.hasPrefix("#!/bin/bash\nlogger \"ifup $1\"\n# builder:"))
        #expect(script.contains("eth*) /sbin/ethtool -K \"$1\" tx off ;;"))
    }

    @Test func theHowTosOwnIfupLocalLineCountsAsDone() throws {
        var t = try C.make()
        try t.insert(C.file("ethtool -K ${1} tx off\n", 0o755), at: GuestPath("/sbin/ifup-local"))
        let (tree, changes) = try C.runTwice(NetworkStep(), t, C.context())
        #expect(try C.text(tree, "/sbin/ifup-local") == "ethtool -K ${1} tx off\n")
        #expect(changes.contains { $0.detail.contains("already turns TX checksum offload off") })
    }

    @Test func noIfupLocalWhenTheRecipeSaysNo() throws {
        var s = AlignSettings()
        s.txChecksumOff = false
        let (tree, _) = try C.runTwice(NetworkStep(), try C.make(), C.context(s))
        #expect(C.node(tree, "/sbin/ifup-local") == nil)
    }

    @Test func kudzuIsSwitchedOffAsChkconfigOffWould() throws {
        let (tree, changes) = try C.runTwice(NetworkStep(), try C.make(), C.context())
        for level in 0...6 {
            let names = (C.node(tree, "/etc/rc.d/rc\(level).d")?.entries ?? [:]).keys.map(\.description).filter {
                $0.hasSuffix("kudzu")
            }
            // `off` touches 2-5 only; 0, 1 and 6 keep --add's K95kudzu.
            #expect(names == ["K95kudzu"], "runlevel \(level): \(names)")
        }
        #expect(C.node(tree, "/etc/rc.d/rc3.d/K95kudzu")?.kind == .symlink(Array("../init.d/kudzu".utf8)))
        #expect(changes.contains { $0.action == .removed && $0.path?.description == "/etc/rc.d/rc5.d/S05kudzu" })
        #expect(changes.contains { $0.action == .note && $0.detail.contains("switched kudzu off") })
        // Other services keep their links.
        #expect(C.node(tree, "/etc/rc.d/rc3.d/S10network") != nil)
    }

    @Test func recipeValuesThatCannotBeWrittenAreErrors() throws {
        var s = AlignSettings()
        s.network = [AlignSettings.NetworkInterface(address: .ipv4(address: "10.0.0.1", prefix: 33))]
        #expect(throws: NetworkStep.Error.invalidPrefix(interface: 0, prefix: 33)) {
            try NetworkStep().run(on: try C.make(), context: C.context(s))
        }
        s.network = [AlignSettings.NetworkInterface(address: .ipv4(address: "10.0.0", prefix: 8))]
        #expect(throws: NetworkStep.Error.invalidAddress(interface: 0, address: "10.0.0")) {
            try NetworkStep().run(on: try C.make(), context: C.context(s))
        }
        var bad = AlignSettings.NetworkInterface()
        bad.mac = "00:16:3e:zz:00:01"
        s.network = [bad]
        #expect(throws: NetworkStep.Error.invalidMAC(interface: 0, mac: "00:16:3e:zz:00:01")) {
            try NetworkStep().run(on: try C.make(), context: C.context(s))
        }
    }
}
