/// Whether an analysed kernel can boot the way the recipe asks: its ABI among the hypervisor's
/// capabilities (§3.5 of the CentOS-4 facts: `xc_dom_compat_check` compares whole words), and for
/// a static boot (no initrd, no modules) the block frontend built in.
public enum KernelCheck {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case abiNotSupported(kernel: String, abi: String, capabilities: [String], advice: String)
        case staticWithoutBlockFrontend(kernel: String, state: KernelImage.DriverState)

        public var description: String {
            switch self {
            case .abiNotSupported(let kernel, let abi, let caps, let advice):
                return "the kernel '\(kernel)' is a \(abi) guest, but the hypervisor runs only \(caps.joined(separator: " ")) (recipe \"hypervisor\", or --hypervisor): \(advice)"
            case .staticWithoutBlockFrontend(let kernel, let state):
                let how = state == .module ? "has xenblk only as a module (CONFIG_XEN_BLKDEV_FRONTEND=m)" : "has no xenblk (CONFIG_XEN_BLKDEV_FRONTEND is not set)"
                return "the static kernel '\(kernel)' \(how): booted without an initrd it cannot find its root disk; use a kernel with CONFIG_XEN_BLKDEV_FRONTEND=y, or boot \"pygrub\" with an initrd"
            }
        }
    }

    /// Checks `image` (named `kernel` in messages); returns warnings for the report (e.g. a static
    /// kernel without a built-in network frontend), throws when it cannot boot.
    public static func check(
        _ image: KernelImage, kernel: String, capabilities: [String], staticBoot: Bool
    ) throws -> [String] {
        guard image.abi(on: capabilities) != nil else {
            throw Error.abiNotSupported(
                kernel: kernel, abi: image.abi, capabilities: capabilities,
                advice: advice(for: image.abi, capabilities: capabilities))
        }
        var warnings: [String] = []
        guard staticBoot else { return warnings }
        switch image.blockFrontend {
        case .builtIn: break
        case .module, .absent: throw Error.staticWithoutBlockFrontend(kernel: kernel, state: image.blockFrontend)
        case .unknown:
            warnings.append(
                "cannot tell whether the static kernel '\(kernel)' has xenblk built in (no /boot/config-\(image.version ?? "VERSION") and no embedded config): without it the guest will not find its root disk")
        }
        switch image.netFrontend {
        case .builtIn, .unknown: break
        case .module, .absent:
            warnings.append(
                "the static kernel '\(kernel)' has no built-in xennet (CONFIG_XEN_NETDEV_FRONTEND \(image.netFrontend == .module ? "=m" : "not set")): the guest will have no network unless it loads the module itself")
        }
        return warnings
    }

    /// What to do when a kernel of `abi` meets a hypervisor offering `capabilities`.
    static func advice(for abi: String, capabilities: [String]) -> String {
        switch abi {
        case "xen-3.0-x86_32":
            return "a non-PAE 32-bit kernel runs only on a 32-bit non-PAE Xen; use a PAE (i686 xenU) kernel or change \"hypervisor\""
        case "xen-3.0-x86_32p" where capabilities.contains("xen-3.0-x86_32"):
            return "a PAE kernel does not run on a non-PAE 32-bit Xen; use a non-PAE kernel or change \"hypervisor\""
        case "xen-3.0-x86_32p":
            return "this Xen runs no 32-bit PV guests (a 64-bit Xen before 3.1, or one with PV32 disabled: pv=no-32, or CET/FRED active); use an x86_64 kernel and tree, or a Xen with 32-bit PV support (\"hypervisor\": \"xen-3.0-x86_64 xen-3.0-x86_32p\")"
        case "xen-3.0-x86_64":
            return "a 64-bit kernel needs a 64-bit Xen; use a 32-bit (i686 xenU) kernel and tree, or change \"hypervisor\""
        default:
            return "use a kernel of one of those ABIs, or change \"hypervisor\""
        }
    }
}
