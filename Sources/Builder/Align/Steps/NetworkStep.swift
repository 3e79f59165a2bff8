/// The guest's network as the HowTo sets it up, for every interface of the recipe:
/// - /etc/modprobe.conf: `alias ethN xennet`, `alias scsi_hostadapter xenblk`, and no aliases (nor
///   options) of the native NIC, disk and USB controller drivers, which a DomU does not have and
///   mkinitrd would fail to find ("No module X found for kernel K", facts §7.1);
/// - /sbin/ifup-local turning TX checksum offload off (the HowTo's xennet checksum bug);
/// - ifcfg-ethN without the native HWADDR (ifup refuses a device whose MAC differs, facts §7.1),
///   with the recipe's address; /etc/sysconfig/network (hostname, gateway); /etc/resolv.conf;
/// - kudzu switched off (`chkconfig kudzu off`): at the first boot it would find the native NIC
///   gone and unconfigure it — drop its alias and move ifcfg-eth0 aside as ifcfg-eth0.bak
///   (facts §7.1) — undoing this step. It lives here because what it would break is the network.
public struct NetworkStep: AlignStep {
    public var name: String { "network" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case invalidPrefix(interface: Int, prefix: Int)
        case invalidAddress(interface: Int, address: String)
        case invalidMAC(interface: Int, mac: String)

        public var description: String {
            switch self {
            case .invalidPrefix(let i, let p):
                return "network[\(i)]: prefix length \(p) is not between 0 and 32; write the address as a.b.c.d/NN"
            case .invalidAddress(let i, let a):
                return "network[\(i)]: '\(a)' is not an IPv4 address (a.b.c.d)"
            case .invalidMAC(let i, let m):
                return "network[\(i)]: '\(m)' is not a MAC address (six hex pairs like 00:16:3e:12:34:56)"
            }
        }
    }

    public init() {}

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let interfaces = context.settings.network
        try validate(interfaces)
        try editModprobeConf(&editor, interfaceCount: interfaces.count)
        try writeIfupLocal(&editor, context.settings.txChecksumOff)
        try editInterfaces(&editor, interfaces)
        try editNetworkFile(&editor, context.settings.hostname, interfaces)
        try editResolvConf(&editor, interfaces)
        try disableKudzu(&editor)
    }

    func validate(_ interfaces: [AlignSettings.NetworkInterface]) throws {
        for (i, iface) in interfaces.enumerated() {
            if case .ipv4(let address, let prefix) = iface.address {
                guard (0...32).contains(prefix) else { throw Error.invalidPrefix(interface: i, prefix: prefix) }
                guard Self.ipv4(address) != nil else { throw Error.invalidAddress(interface: i, address: address) }
            }
            if let gw = iface.gateway, Self.ipv4(gw) == nil { throw Error.invalidAddress(interface: i, address: gw) }
            for d in iface.dns where Self.ipv4(d) == nil { throw Error.invalidAddress(interface: i, address: d) }
            if let mac = iface.mac {
                let pairs = mac.split(separator: ":", omittingEmptySubsequences: false)
                guard pairs.count == 6, pairs.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else {
                    throw Error.invalidMAC(interface: i, mac: mac)
                }
            }
        }
    }

    static func ipv4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { p in p.count <= 3 && p.allSatisfy(\.isASCII) ? UInt8(p) : nil }
        return bytes.count == 4 ? bytes : nil
    }

    /// `24` → `255.255.255.0`.
    static func netmask(prefix: Int) -> String {
        let bits: UInt32 = prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
        return [24, 16, 8, 0].map { String((bits >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }

    /// kudzu's init script header is `# chkconfig: 345 05 95`; `off` puts K95kudzu in 2-5.
    func disableKudzu(_ editor: inout TreeEditor) throws {
        guard editor.exists("/etc/rc.d/init.d/kudzu") || editor.tree.resolve("/etc/init.d/kudzu") != nil else {
            editor.note("kudzu is not installed: nothing to switch off")
            return
        }
        let kudzu = try ChkconfigService.read("kudzu", in: editor)
        let before = editor.changes.count
        try kudzu.disable(&editor)
        if editor.changes.count == before {
            editor.note("kudzu is already off in runlevels 2-5")
        } else {
            editor.note(
                "switched kudzu off (as `chkconfig kudzu off`): at first boot it would find the native NIC gone, "
                    + "remove its alias and move ifcfg-eth0 aside as ifcfg-eth0.bak")
        }
    }
}
