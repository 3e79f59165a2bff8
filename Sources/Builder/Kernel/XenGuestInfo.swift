/// What a kernel tells Xen's domain builder about itself: its Xen ELF notes or, in kernels of
/// the Xen 3.0 era, the legacy `__xen_guest` string. Field meanings: xen/include/public/elfnote.h;
/// parsing and search order: Xen's libelf (`elf_xen_parse`, `elf_xen_parse_guest_info`).
public struct XenGuestInfo: Sendable, Equatable {
    /// Where the metadata was found, in the order the loader looks.
    public enum Source: String, Sendable, Equatable {
        case noteSegment = "ELF notes (PT_NOTE)"
        case noteSection = "ELF notes (SHT_NOTE section)"
        case xenGuestSection = "__xen_guest section"
    }

    /// PAE_MODE note / `PAE=` value.
    public enum PAEMode: String, Sendable, Equatable {
        case no
        case yes
        /// `yes[extended-cr3]`: PAE, with the page-directory base anywhere in memory.
        case extendedCR3 = "yes[extended-cr3]"
        /// Runs with or without PAE.
        case bimodal

        /// The loader's reading of a PAE value: "bimodal" anywhere wins (Xen ≤ 3.0.3 kernels wrote
        /// "yes,bimodal"), then "yes[extended-cr3]", then "yes"; anything else is non-PAE.
        init(parsing text: String) {
            if text.contains("bimodal") {
                self = .bimodal
            } else if text.hasPrefix("yes[extended-cr3]") {
                self = .extendedCR3
            } else if text.hasPrefix("yes") {
                self = .yes
            } else {
                self = .no
            }
        }
    }

    public var source: Source
    /// XEN_VERSION / XEN_VER, e.g. "xen-3.0".
    public var xenVersion: String?
    /// GUEST_OS, e.g. "linux".
    public var guestOS: String?
    /// GUEST_VERSION / GUEST_VER, e.g. "2.6".
    public var guestVersion: String?
    /// LOADER, e.g. "generic".
    public var loader: String?
    /// The PAE value as written (nil when absent).
    public var paeText: String?
    /// FEATURES, e.g. "writable_page_tables|pae_pgdir_above_4gb".
    public var features: String?
    public var virtBase: UInt64?
    public var entry: UInt64?
    /// PADDR_OFFSET note / `ELF_PADDR_OFFSET=`: subtracted from p_paddr to place the kernel.
    public var paddrOffset: UInt64?
    /// INIT_P2M note: where the kernel wants its phys-to-machine list mapped (64-bit Linux asks
    /// for 512 GiB, outside the initial mapping).
    public var initP2M: UInt64?
    /// MOD_START_PFN note, non-zero: the kernel takes its initrd by frame number, so the loader
    /// places it after the initial mapping instead of inside it.
    public var unmappedInitrd: Bool = false

    public var pae: PAEMode { paeText.map(PAEMode.init(parsing:)) ?? .no }

    /// The "Xen" notes (type → descriptor) of the kernel's note segments, else of its note
    /// sections, else its `__xen_guest` string; nil when it has none of them.
    static func read(from elf: ELFFile) -> XenGuestInfo? {
        let fromSegments = elf.segmentNotes.filter { $0.name == "Xen" }
        if !fromSegments.isEmpty { return XenGuestInfo(notes: fromSegments, source: .noteSegment, elf: elf) }
        let fromSections = elf.sectionNotes.filter { $0.name == "Xen" }
        if !fromSections.isEmpty { return XenGuestInfo(notes: fromSections, source: .noteSection, elf: elf) }
        if let section = elf.section(named: "__xen_guest") {
            return XenGuestInfo(guestString: elf.data(of: section).nulTerminatedText)
        }
        return nil
    }

    /// Note types of xen/include/public/elfnote.h that builder reads.
    enum NoteType: UInt32 {
        case entry = 1
        case hypercallPage = 2
        case virtBase = 3
        case paddrOffset = 4
        case xenVersion = 5
        case guestOS = 6
        case guestVersion = 7
        case loader = 8
        case paeMode = 9
        case features = 10
        case initP2M = 15
        case modStartPFN = 16
    }

    init(notes: [ELFNote], source: Source, elf: ELFFile) {
        self.source = source
        for n in notes {
            let text = n.descriptor.nulTerminatedText
            switch NoteType(rawValue: n.type) {
            case .xenVersion: xenVersion = text
            case .guestOS: guestOS = text
            case .guestVersion: guestVersion = text
            case .loader: loader = text
            case .paeMode: paeText = text
            case .features: features = text
            case .virtBase: virtBase = XenGuestInfo.number(n.descriptor)
            case .entry: entry = XenGuestInfo.number(n.descriptor)
            case .paddrOffset: paddrOffset = XenGuestInfo.number(n.descriptor)
            case .initP2M: initP2M = XenGuestInfo.number(n.descriptor)
            case .modStartPFN: unmappedInitrd = (XenGuestInfo.number(n.descriptor) ?? 0) != 0
            default: break
            }
        }
    }

    /// Parses the legacy string: comma-separated NAME=VALUE pairs (§3.3 of the CentOS-4 facts).
    init(guestString: String) {
        source = .xenGuestSection
        for pair in guestString.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let value = parts[1]
            switch parts[0] {
            case "XEN_VER": xenVersion = value
            case "GUEST_OS": guestOS = value
            case "GUEST_VER": guestVersion = value
            case "LOADER": loader = value
            case "PAE": paeText = value
            case "FEATURES": features = value
            case "VIRT_BASE": virtBase = XenGuestInfo.number(value)
            case "VIRT_ENTRY": entry = XenGuestInfo.number(value)
            case "ELF_PADDR_OFFSET": paddrOffset = XenGuestInfo.number(value)
            default: break
            }
        }
    }

    /// A numeric note: 4 or 8 bytes, little-endian.
    static func number(_ d: [UInt8]) -> UInt64? {
        let r = ByteReader(d)
        switch d.count {
        case 4: return r.u32(0).map(UInt64.init)
        case 8: return r.u64(0)
        default: return nil
        }
    }

    /// "0xC0000000" or "1234", as strtoull with base 0 reads them (octal is not used by kernels).
    static func number(_ s: String) -> UInt64? {
        let t = s.split(separator: " ").first.map(String.init) ?? ""
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }

    /// The guest ABIs Xen can run this kernel as, best first (§3.5 of the facts,
    /// `xc_dom_guest_type`): x86-64 kernels are xen-3.0-x86_64; 32-bit PAE kernels x86_32p,
    /// non-PAE ones x86_32, bimodal ones either (PAE preferred).
    func abis(machine: UInt16) -> [String] {
        if machine == ELFFile.machineX86_64 { return ["xen-3.0-x86_64"] }
        switch pae {
        case .yes, .extendedCR3: return ["xen-3.0-x86_32p"]
        case .bimodal: return ["xen-3.0-x86_32p", "xen-3.0-x86_32"]
        case .no: return ["xen-3.0-x86_32"]
        }
    }
}
