extension GuestFacts {
    /// The first kernel release with every piece a pv_ops DomU needs in mainline: the PV MMU and
    /// boot (2.6.23-2.6.26), hvc0 (2.6.26), xen-blkfront and xen-netfront (2.6.24), and 64-bit PV
    /// plus the fixes distributions waited for before shipping one kernel for bare metal and Xen
    /// (2.6.37, the release Debian, Ubuntu and Fedora took as "Xen DomU out of the box").
    static let firstPVOpsKernel = (2, 6, 37)

    /// The tree's kernels (a /boot/vmlinuz-V or a /lib/modules/V) of a pv_ops release.
    public var pvOpsKernels: [String] {
        kernels.filter { version in
            guard let (a, b, c) = KernelVersion.triple(version) else { return false }
            return (a, b, c) >= Self.firstPVOpsKernel
        }
    }

    /// A tree `auto` aligns with the `modern` profile: not CentOS/RHEL 4, and it holds a pv_ops
    /// kernel, so the guest can boot its own kernel and initrd. A tree without a kernel (a
    /// debootstrap minbase, a container image) stays `none`: there is nothing in it to boot, and
    /// a bake that only writes its files is what such a recipe asked for until now. Such a tree
    /// gets the modern alignment with `"profile": "modern"` and a static kernel from the recipe.
    public var isModern: Bool { !isCentOS4 && !pvOpsKernels.isEmpty }
}
