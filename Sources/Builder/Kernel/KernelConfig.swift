/// A kernel's build configuration (the `.config` text: `CONFIG_X=y`, `CONFIG_X=m`,
/// `# CONFIG_X is not set`), as found in /boot/config-VERSION or embedded in the kernel.
public struct KernelConfig: Sendable, Equatable {
    /// How the kernel has a feature.
    public enum Setting: String, Sendable, Equatable {
        case builtIn = "built in"
        case module
        case absent
    }

    /// CONFIG_ name → value ("y", "m", "0x1000", "\"string\"").
    public var values: [String: String]

    public init(text: String) {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard line.hasPrefix("CONFIG_"), let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        self.values = values
    }

    /// `=y` built in, `=m` a module, anything else (unset, "is not set") absent.
    public func setting(_ name: String) -> Setting {
        switch values[name] {
        case "y": return .builtIn
        case "m": return .module
        default: return .absent
        }
    }

    /// The block frontend (xenblk in the Xen 3 "xenlinux" trees, xen-blkfront in pv_ops kernels:
    /// both are CONFIG_XEN_BLKDEV_FRONTEND).
    public var blockFrontend: Setting { setting("CONFIG_XEN_BLKDEV_FRONTEND") }
    /// The network frontend (xennet / xen-netfront).
    public var netFrontend: Setting { setting("CONFIG_XEN_NETDEV_FRONTEND") }
    /// The pv_ops console driver: its Xen console is hvc0.
    public var hvcXen: Bool { setting("CONFIG_HVC_XEN") == .builtIn }

    static let embeddedStart = Array("IKCFG_ST".utf8)
    static let embeddedEnd = Array("IKCFG_ED".utf8)

    /// The config a kernel built with CONFIG_IKCONFIG carries: kernel/configs.c puts the gzip'd
    /// text between the markers "IKCFG_ST" and "IKCFG_ED" (scripts/extract-ikconfig reads it the
    /// same way). Nil when the kernel has none; the text when it decompresses.
    static func embedded(in vmlinux: [UInt8]) -> String? {
        var from = vmlinux.startIndex
        // The markers can also appear as plain strings elsewhere (extract-ikconfig's own search
        // can meet them in code); take the first start marker followed by a gzip stream.
        while let start = vmlinux.find(embeddedStart, from: from) {
            let body = start.upperBound
            from = body
            guard vmlinux[body...].starts(with: [0x1F, 0x8B]) else { continue }
            let end = vmlinux.find(embeddedEnd, from: body)?.lowerBound ?? vmlinux.endIndex
            if let (bytes, _) = try? StreamDecompressor.decompress(Array(vmlinux[body..<end]), limit: 16 << 20) {
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        return nil
    }
}
