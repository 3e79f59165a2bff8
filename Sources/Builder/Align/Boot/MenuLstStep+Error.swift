extension MenuLstStep {
    /// Why no boot menu could be written.
    public enum MenuError: Error, Equatable, CustomStringConvertible {
        /// The pipeline ran the menu step before a kernel was chosen.
        case noKernel
        case noRootDisk
        /// The menu would name a kernel or initrd the guest does not have.
        case kernelMissing(GuestPath)
        case initrdMissing(GuestPath)
        /// /boot has its own disk, but the kernel or initrd lies outside /boot.
        case outsideBoot(GuestPath)

        public var description: String {
            switch self {
            case .noKernel:
                return "bootmenu: no DomU kernel was chosen before the boot menu step; the kernel step must run first"
            case .noRootDisk:
                return "bootmenu: no disk mounts '/', so the menu has no root= to give the kernel; add a disk with \"mount\": \"/\" to the recipe"
            case .kernelMissing(let path):
                return "bootmenu: the kernel \(path) is not a file in the guest tree, so PyGrub would find nothing to boot; check the recipe's kernel settings"
            case .initrdMissing(let path):
                return "bootmenu: the initrd \(path) is not a file in the guest tree; the initrd step must run before the boot menu step"
            case .outsideBoot(let path):
                return "bootmenu: \(path) is outside /boot, which has a disk of its own where PyGrub looks for kernels; put the file in /boot or give /boot no disk of its own"
            }
        }
    }
}
