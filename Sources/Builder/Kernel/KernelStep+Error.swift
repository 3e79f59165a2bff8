extension KernelStep {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// No /boot/vmlinuz-*xenU with its /lib/modules folder.
        case noXenKernel(found: [String])
        case versionNotFound(version: String, found: [String])
        /// A recipe's kernel image to boot with an initrd, but the tree has no modules for it.
        case imageWithoutModules(image: String, version: String)
        /// A 32-bit kernel for a tree of 64-bit programs.
        case kernelNarrowerThanTree(kernel: String)

        public var description: String {
            switch self {
            case .noXenKernel(let found):
                return "the tree has no Xen DomU kernel (/boot/vmlinuz-*xenU with its /lib/modules folder); found: \(list(found)); add the kernel-xenU RPM of the guest's release: recipe \"kernel\": {\"rpm\": \"kernel-xenU-2.6.9-....rpm\"}"
            case .versionNotFound(let version, let found):
                return "the recipe's kernel version \(version) has no /boot/vmlinuz-\(version) in the tree; found: \(list(found)); name one of those, or leave \"version\" out to use the newest xenU kernel"
            case .imageWithoutModules(let image, let version):
                return "the kernel image '\(image)' is version \(version), but the tree has no /lib/modules/\(version) for its initrd; use \"boot\": \"static\" for a kernel with xenblk built in, or install its kernel RPM instead (recipe \"kernel\": {\"rpm\": ...})"
            case .kernelNarrowerThanTree(let kernel):
                return "the kernel '\(kernel)' is 32-bit but the tree's programs are x86_64 (/bin/sh): it cannot run them; use the x86_64 kernel-xenU"
            }
        }

        private func list(_ found: [String]) -> String { found.isEmpty ? "nothing" : found.joined(separator: ", ") }
    }
}
