extension Initrd {
    /// What stops builder from writing the initrd; each case names the guest file and the fix.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// A program the initrd needs is not in the guest (path, package that ships it).
        case missingProgram(path: String, package: String)
        case noModuleDirectory(kernel: String)
        case noModulesDep(kernel: String)
        /// A module that must be loaded is not under /lib/modules/<kernel>; `neededBy` names the
        /// module that depends on it, if any.
        case missingModule(name: String, kernel: String, neededBy: String?)
        case dependencyCycle(modules: [String], kernel: String)
        case noFstab
        case noRootLine
        /// The pipeline ran the initrd step before a kernel was chosen.
        case noKernel

        public var description: String {
            switch self {
            case .missingProgram(let path, let package):
                return "the guest has no \(path), which the initrd needs (mkinitrd copies it from the guest); install the \(package) package in the guest"
            case .noModuleDirectory(let kernel):
                return "the guest has no /lib/modules/\(kernel), so no initrd can be made for kernel \(kernel); install the kernel's package (kernel-xenU) in the guest or name it in the recipe's kernel.rpm"
            case .noModulesDep(let kernel):
                return "the guest has no /lib/modules/\(kernel)/modules.dep, which says which modules each module needs; run depmod for \(kernel) in the guest, or let builder install the kernel from kernel.rpm (it writes modules.dep)"
            case .missingModule(let name, let kernel, let neededBy):
                let why = neededBy.map { " (needed by \($0))" } ?? ""
                return "no module \(name) found for kernel \(kernel)\(why) under /lib/modules/\(kernel); install the kernel package that ships it, or remove \(name) from the recipe's kernel.preload (or its alias from /etc/modprobe.conf)"
            case .dependencyCycle(let modules, let kernel):
                return "/lib/modules/\(kernel)/modules.dep has a dependency loop (\(modules.joined(separator: " -> "))); run depmod for \(kernel) again"
            case .noFstab:
                return "the guest has no /etc/fstab: the initrd mounts the root filesystem with the type and options of its '/' line; add an /etc/fstab"
            case .noRootLine:
                return "/etc/fstab has no line for '/': the initrd needs the root filesystem's type and options from it; add a '/' line to the guest's /etc/fstab"
            case .noKernel:
                return "no DomU kernel was chosen before the initrd step; the kernel step must run first (this is a bug in builder's step order)"
            }
        }
    }
}
