/// Where Xen's PV domain builder puts a kernel in the guest's memory, and what it needs to know
/// to place the initrd and the phys-to-machine list after it. Read as libelf does
/// (xen/common/libelf: `elf_parse_binary` for the physical extent, `elf_xen_addr_calc_check`
/// for the paddr offset).
public struct KernelLoad: Sendable, Equatable {
    /// VIRT_BASE: the virtual address of guest frame 0 (0 when the kernel gives none).
    public var virtBase: UInt64
    /// Bytes from `virtBase` to the end of the kernel's last loadable segment (virt_kend -
    /// virt_base). Everything below it is taken: libxc pads from virt_base to the kernel's start.
    public var end: UInt64
    /// The initrd goes after the initial mapping (MOD_START_PFN), not right after the kernel.
    public var unmappedInitrd: Bool
    /// INIT_P2M: where the kernel wants its phys-to-machine list mapped, nil when not given.
    public var p2mBase: UInt64?

    public init(virtBase: UInt64, end: UInt64, unmappedInitrd: Bool, p2mBase: UInt64?) {
        self.virtBase = virtBase
        self.end = end
        self.unmappedInitrd = unmappedInitrd
        self.p2mBase = p2mBase
    }

    /// The kernel's extent: pstart/pend are the lowest p_paddr and the highest p_paddr + p_memsz
    /// of its PT_LOAD headers with any of R, W, X set (`elf_phdr_is_loadable`). The paddr offset is
    /// the PADDR_OFFSET note if given; else 0 for a kernel with Xen ELF notes, and VIRT_BASE for
    /// one with only the legacy `__xen_guest` string (whose kernels set p_paddr to the virtual
    /// address, as Xen 3.0's loaders expected). virt_kend - virt_base = pend - paddr offset.
    init(elf: ELFFile, xen: XenGuestInfo) {
        let loadable = elf.programHeaders.filter { $0.type == ELFFile.programLoad && $0.flags & 7 != 0 }
        let pend = loadable.map { $0.physicalAddress &+ $0.memorySize }.max() ?? 0
        let virtBase = xen.virtBase ?? 0
        let offset = xen.paddrOffset ?? (xen.source == .xenGuestSection ? virtBase : 0)
        // libelf refuses a kernel that ends below its offset; 1 TiB (the most `memory` allows)
        // bounds a nonsense extent, so the memory check reports it rather than overflowing.
        let end = pend >= offset ? min(pend - offset, 1 << 40) : 0
        self.init(virtBase: virtBase, end: end, unmappedInitrd: xen.unmappedInitrd, p2mBase: xen.initP2M)
    }
}
