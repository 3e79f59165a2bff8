/// What a kernel file is, read the way Xen's domain builder reads it: unwrap (gzip or another
/// compressor, or a bzImage's payload), require an x86 ELF, find its Xen metadata, apply the
/// loader's guest checks. Plus what builder needs beyond Xen: the kernel's version (from its
/// "Linux version" banner) and whether the Xen block and network frontends are built in.
public struct KernelImage: Sendable, Equatable {
    /// How the file holds the ELF image.
    public enum Format: Sendable, Equatable, CustomStringConvertible {
        /// A plain ELF file (vmlinux).
        case elf
        /// A compressed ELF: RHEL4/5 xen kernels are gzip'd stripped vmlinux files.
        case compressedELF(filter: String)
        /// An x86 boot image whose payload is the compressed vmlinux (pv_ops kernels).
        case bzImage(protocolVersion: String, filter: String)

        public var description: String {
            switch self {
            case .elf: return "ELF"
            case .compressedELF(let filter): return "\(filter)-compressed ELF"
            case .bzImage(let proto, let filter): return "bzImage (boot protocol \(proto), \(filter) payload)"
            }
        }
    }

    /// Whether a driver is part of the kernel; `unknown` when no config was found.
    public enum DriverState: String, Sendable, Equatable {
        case builtIn = "built in"
        case module
        case absent
        case unknown
    }

    public var format: Format
    /// "ELF32" or "ELF64".
    public var elfClass: String
    /// e_machine: 3 (EM_386) or 62 (EM_X86_64).
    public var machine: UInt16
    public var xen: XenGuestInfo
    /// Where Xen's loader places it (for the memory check at bake time).
    public var load: KernelLoad
    /// The ABIs Xen can run it as, preferred first (two only for a bimodal 32-bit kernel).
    public var abis: [String]
    /// uname -r, from the "Linux version X" banner inside the kernel.
    public var version: String?
    public var blockFrontend: DriverState
    public var netFrontend: DriverState
    /// CONFIG_HVC_XEN=y: the kernel's Xen console is hvc0 (nil when no config was found).
    public var hvcXen: Bool?
    /// Where the config came from: "embedded (CONFIG_IKCONFIG)", "/boot/config-...", or nil.
    public var configSource: String?

    /// The preferred ABI: xen-3.0-x86_32, xen-3.0-x86_32p or xen-3.0-x86_64.
    public var abi: String { abis.first ?? "" }

    public var machineName: String { ELFFile.machineName(machine) }

    /// The ABI Xen would run it as on a hypervisor with `capabilities` (a bimodal kernel runs as
    /// x86_32p where that is offered, §3.5), or nil when none of its ABIs is offered.
    public func abi(on capabilities: [String]) -> String? {
        abis.first { capabilities.contains($0) }
    }

    /// Analyses the kernel `bytes`. `name` is used in messages (a host path or a guest path).
    /// `config` is the kernel's config text from elsewhere (the tree's /boot/config-VERSION) and
    /// where it came from; a config embedded in the kernel is preferred, as it is the kernel's own.
    public static func analyse(
        _ bytes: [UInt8], name: String, config: (text: String, source: String)? = nil
    ) throws -> KernelImage {
        let (vmlinux, format) = try unwrap(bytes, name: name)
        let elf: ELFFile
        do {
            elf = try ELFFile(vmlinux)
        } catch {
            throw Error.notAKernel(name: name, reason: "\(error)")
        }
        guard elf.machine == ELFFile.machine386 || elf.machine == ELFFile.machineX86_64 else {
            throw Error.notX86(name: name, machine: elf.machineName)
        }
        guard let xen = XenGuestInfo.read(from: elf) else {
            throw Error.notXenGuest(name: name, machine: elf.machineName)
        }
        try check(xen, name: name)

        var kernelConfig: KernelConfig?
        var configSource: String?
        if let text = KernelConfig.embedded(in: vmlinux) {
            kernelConfig = KernelConfig(text: text)
            configSource = "embedded (CONFIG_IKCONFIG)"
        } else if let config {
            kernelConfig = KernelConfig(text: config.text)
            configSource = config.source
        }
        func state(_ s: KernelConfig.Setting?) -> DriverState {
            switch s {
            case .builtIn: return .builtIn
            case .module: return .module
            case .absent: return .absent
            case nil: return .unknown
            }
        }
        return KernelImage(
            format: format, elfClass: elf.elfClass.rawValue, machine: elf.machine, xen: xen,
            load: KernelLoad(elf: elf, xen: xen),
            abis: xen.abis(machine: elf.machine), version: banner(in: vmlinux),
            blockFrontend: state(kernelConfig?.blockFrontend), netFrontend: state(kernelConfig?.netFrontend),
            hvcXen: kernelConfig?.hvcXen, configSource: configSource)
    }

    /// Reads and analyses a host file (a kernel named on the command line or by a recipe).
    public static func analyse(file path: String, config: (text: String, source: String)? = nil) throws -> KernelImage {
        let bytes = try HostPaths.readAll(HostPaths.resolvingLinks(path))
        return try analyse(bytes, name: path, config: config)
    }

    /// The config-VERSION file beside a host file named vmlinuz-VERSION (the /boot layout of
    /// Debian and Red Hat), when there is one.
    public static func siblingConfig(of path: String) -> (text: String, source: String)? {
        let dir = HostPathResolution.directory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard base.hasPrefix("vmlinuz-"), base.count > 8 else { return nil }
        let config = HostPathResolution.resolve("config-" + base.dropFirst(8), against: dir)
        guard (try? HostPaths.kind(of: config)) == .regular, let bytes = try? HostPaths.readAll(HostPaths.resolvingLinks(config))
        else { return nil }
        return (String(decoding: bytes, as: UTF8.self), config)
    }

    /// The loader's guest checks (Xen's libelf `elf_xen_note_check`, the same in Xen 3.0.x).
    static func check(_ xen: XenGuestInfo, name: String) throws {
        let loaderOK = xen.loader?.hasPrefix("generic") ?? false
        let linuxOK = xen.guestOS?.hasPrefix("linux") ?? false
        guard loaderOK || linuxOK else {
            throw Error.notForGenericLoader(name: name, loader: xen.loader, guestOS: xen.guestOS)
        }
        guard let version = xen.xenVersion, version.hasPrefix("xen-3.0") else {
            throw Error.notForXen3(name: name, xenVersion: xen.xenVersion)
        }
    }

    /// The ELF image inside `bytes` and how it was wrapped.
    static func unwrap(_ bytes: [UInt8], name: String) throws -> ([UInt8], Format) {
        if ELFFile.isELF(bytes) { return (bytes, .elf) }
        if let header = BzImageHeader(bytes) {
            guard header.payload != nil else {
                throw Error.bzImageWithoutPayload(name: name, protocolVersion: header.protocolText)
            }
            guard let payload = header.payloadBytes(in: bytes) else {
                throw Error.notAKernel(name: name, reason: "its bzImage header points past the end of the file (truncated?)")
            }
            // Linux appends the vmlinux size (4 bytes, "size_append") to most payloads; libarchive's
            // xz and zstd readers take those bytes for a damaged next stream, so without them first.
            let trimmed = Array(payload.dropLast(4))
            let (vmlinux, filter) =
                try (try? decompress(trimmed, name: name, what: "bzImage payload"))
                ?? decompress(Array(payload), name: name, what: "bzImage payload")
            return (vmlinux, .bzImage(protocolVersion: header.protocolText, filter: filter))
        }
        let (vmlinux, filter) = try decompress(bytes, name: name, what: "file")
        return (vmlinux, .compressedELF(filter: filter))
    }

    private static func decompress(_ bytes: [UInt8], name: String, what: String) throws -> ([UInt8], String) {
        let result: (bytes: [UInt8], filter: String)?
        do {
            result = try StreamDecompressor.decompress(bytes)
        } catch let failure as StreamDecompressor.Failure {
            throw Error.corrupt(name: name, reason: failure.description)
        }
        guard let result else {
            throw Error.notAKernel(
                name: name, reason: "the \(what) is neither ELF nor compressed with a method Xen reads (gzip, bzip2, xz, lzma, zstd, lz4, lzo)")
        }
        guard ELFFile.isELF(result.bytes) else {
            throw Error.notAKernel(name: name, reason: "it is \(result.filter)-compressed, but what it holds is not an ELF file")
        }
        return (result.bytes, result.filter)
    }

    static let bannerPrefix = Array("Linux version ".utf8)

    /// The version in the kernel's banner "Linux version 2.6.9-55.ELxenU (builder@host) ...": the
    /// first "Linux version " followed by a digit, up to the next space.
    static func banner(in vmlinux: [UInt8]) -> String? {
        var from = vmlinux.startIndex
        while let hit = vmlinux.find(bannerPrefix, from: from) {
            from = hit.upperBound
            guard let first = vmlinux[hit.upperBound...].first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9")
            else { continue }
            let rest = vmlinux[hit.upperBound...].prefix(128)
            let version = rest.prefix { $0 > 0x20 && $0 < 0x7F }
            return String(decoding: version, as: UTF8.self)
        }
        return nil
    }
}
