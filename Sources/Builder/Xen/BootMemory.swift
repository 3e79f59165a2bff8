/// The guest memory Xen's PV domain builder (libxc, Xen 4.17: tools/libs/guest/xg_dom_core.c
/// `xc_dom_build_image`, xg_dom_x86.c) fills before the kernel runs: the kernel, the initrd, the
/// phys-to-machine list, the start-info, xenstore and console pages, the page tables of the
/// initial mapping and a boot stack. `xl create` fails ("xc_dom_alloc_segment: segment module0 too
/// large") when these do not fit in the domain's `memory`; baking checks first.
public struct BootMemory: Sendable, Equatable {
    static let pageSize: UInt64 = 4096
    static let pagesPerMiB: UInt64 = 256

    /// The initrd as a file and as the loader and the kernel see it.
    public struct Initrd: Sendable, Equatable {
        public var fileSize: UInt64
        /// What the loader places: a gzip file gunzipped, anything else as it is.
        public var loadedSize: UInt64
        /// What the kernel unpacks it to (an estimate for compressions other than gzip).
        public var unpackedSize: UInt64

        public init(fileSize: UInt64, loadedSize: UInt64, unpackedSize: UInt64) {
            self.fileSize = fileSize
            self.loadedSize = loadedSize
            self.unpackedSize = unpackedSize
        }

        /// Reads the sizes from the file's first bytes and its last four. The loader gunzips a
        /// module that starts with 1f 8b into a buffer of the gzip trailer's ISIZE (RFC 1952 §2.3.1,
        /// little-endian) + 16 bytes, unless ISIZE is over 1 GiB (XC_DOM_DECOMPRESS_MAX), and
        /// places max(that, file size) (`xc_dom_check_gzip`, `xc_dom_build_module`).
        public init(size: UInt64, head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) {
            fileSize = size
            let isGzip = size >= 6 && head.starts(with: [0x1F, 0x8B]) && tail.count == 4
            let isize = isGzip ? ByteReader(Array(tail)).u32(0).map(UInt64.init) : nil
            if let isize, isize <= 1 << 30 {
                loadedSize = max(isize + 16, size)
                unpackedSize = isize
            } else {
                loadedSize = size
                // xz, zstd, bzip2, lzma, lz4 keep no plain size where gzip keeps ISIZE; initramfs
                // images shrink about 4:1 with them, so 4 × the file stands in for the unpacked size.
                let compressed: [[UInt8]] = [
                    [0xFD, 0x37, 0x7A, 0x58], [0x28, 0xB5, 0x2F, 0xFD], [0x42, 0x5A, 0x68], [0x5D, 0x00, 0x00],
                    [0x02, 0x21, 0x4C, 0x18], [0x89, 0x4C, 0x5A, 0x4F],
                ]
                unpackedSize = compressed.contains { head.starts(with: $0) } ? size * 4 : size
            }
        }
    }

    /// The domain's pages: libxl hands libxc `memory` MiB for a PV guest.
    public var totalPages: UInt64
    /// Pages up to the kernel's end (libxc pads from VIRT_BASE to the kernel's first byte).
    public var kernelPages: UInt64
    public var initrdPages: UInt64
    /// Pages in use when the loader places the initrd: what libxc's "segment module0 too large
    /// (… > total - used pages)" message calls used.
    public var pagesBeforeInitrd: UInt64
    /// Every page the loader takes.
    public var neededPages: UInt64

    /// Lays out `kernel` and `initrd` as libxc does for a domain of `memoryMiB`. `is64` is the
    /// guest's width (xen-3.0-x86_64; 32-bit guests are x86_32p, PAE).
    ///
    /// The order (`xc_dom_build_image`): the kernel; the initrd, unless the kernel has
    /// MOD_START_PFN; the p2m list, unless a 64-bit kernel asks for it elsewhere (INIT_P2M below
    /// VIRT_BASE); start info, xenstore, console (`alloc_magic_pages_pv`); the page tables of the
    /// initial mapping, a boot stack page, and padding up to the end of that mapping; then an
    /// unmapped initrd; then a p2m list mapped elsewhere, with its own page tables.
    public init(kernel: KernelLoad, is64: Bool, initrd: Initrd?, memoryMiB: Int) {
        let total = UInt64(max(memoryMiB, 0)) * BootMemory.pagesPerMiB
        let kernelPages = BootMemory.pages(kernel.end)
        let initrdPages = initrd.map { BootMemory.pages($0.loadedSize) } ?? 0
        // p2m_size × sizeof_pfn (8 for 64-bit guests, 4 for 32-bit), page-rounded.
        let p2mPages = BootMemory.pages(total * (is64 ? 8 : 4))
        let p2mElsewhere = is64 && kernel.p2mBase.map { $0 < kernel.virtBase && $0 % BootMemory.pageSize == 0 } == true

        var used = kernelPages
        if !kernel.unmappedInitrd { used += initrdPages }
        if !p2mElsewhere { used += p2mPages }
        used += 3
        used = BootMemory.initialMappingEnd(afterPages: used, virtBase: kernel.virtBase, is64: is64)
        let beforeInitrd = kernel.unmappedInitrd ? used : kernelPages
        if kernel.unmappedInitrd { used += initrdPages }
        if p2mElsewhere, let base = kernel.p2mBase {
            let last = base &+ p2mPages * BootMemory.pageSize &- 1
            used += p2mPages + BootMemory.tablePages(from: base, to: last, is64: true, topLevel: false)
        }
        self.totalPages = total
        self.kernelPages = kernelPages
        self.initrdPages = initrdPages
        self.pagesBeforeInitrd = beforeInitrd
        self.neededPages = used
    }

    public var neededMiB: UInt64 { (neededPages + BootMemory.pagesPerMiB - 1) / BootMemory.pagesPerMiB }
    public var fits: Bool { neededPages <= totalPages }

    static func pages(_ bytes: UInt64) -> UInt64 { (bytes + pageSize - 1) / pageSize }

    /// The page where the initial mapping ends (`alloc_pgtables_pv`): with `used` pages taken, the
    /// mapping from VIRT_BASE must hold its own page tables, a boot stack page and 512 KiB more,
    /// and ends on a 4 MiB boundary; the loader pads up to it.
    static func initialMappingEnd(afterPages used: UInt64, virtBase: UInt64, is64: Bool) -> UInt64 {
        let extra: UInt64 = 1 + (512 * 1024) / pageSize
        var wanted = extra
        while true {
            // The last byte of the 4 MiB-aligned mapping (libxc's round_up ORs in the mask).
            let last = (virtBase &+ (used + wanted) * pageSize) | ((1 << 22) - 1)
            wanted = tablePages(from: virtBase, to: last, is64: is64, topLevel: true) + extra
            let endPages = (last &- virtBase &+ 1) / pageSize
            if used + wanted <= endPages { return endPages }
        }
    }

    /// Page-table pages mapping `from`...`to` (`count_pgtables`): the top level once (first
    /// mapping only), and per lower level one table per span it covers (2 MiB for L1, 1 GiB for
    /// L2, 512 GiB for L3). x86-64 has 4 levels over 48 bits; PAE 3 over 32 bits, with L2 tables
    /// down to 4 GiB when the mapping ends below 3 GiB.
    ///
    /// A second mapping (the p2m list's) is counted on its own: libxc does not count tables it
    /// shares with the first; that sharing needs a p2m base near VIRT_BASE, which Linux does not
    /// ask for, and would make this over-count by at most 2 pages.
    static func tablePages(from: UInt64, to: UInt64, is64: Bool, topLevel: Bool) -> UInt64 {
        let levels = is64 ? 4 : 3
        let addressMask: UInt64 = is64 ? (1 << 48) - 1 : (1 << 32) - 1
        let start = from & addressMask
        let end = to & addressMask
        var count: UInt64 = topLevel ? 1 : 0
        for level in 0..<(levels - 1) {
            let bits = UInt64(12 + (level + 1) * 9)
            let mask: UInt64 = (1 << bits) - 1
            let low = start & ~mask
            var high = end | mask
            if !is64 && topLevel && to < 0xC000_0000 && level == 1 { high = addressMask }
            if low < high { count += ((high - low) >> bits) + 1 }
        }
        return count
    }
}
