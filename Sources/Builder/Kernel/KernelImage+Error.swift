extension KernelImage {
    /// Why a file is not a kernel builder can boot as a Xen PV guest; `name` is the file as the
    /// user named it (a host path, or a guest path such as /boot/vmlinuz-2.6.9-55.ELxenU).
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case notAKernel(name: String, reason: String)
        case corrupt(name: String, reason: String)
        case bzImageWithoutPayload(name: String, protocolVersion: String)
        case notX86(name: String, machine: String)
        case notXenGuest(name: String, machine: String)
        case notForGenericLoader(name: String, loader: String?, guestOS: String?)
        case notForXen3(name: String, xenVersion: String?)

        public var description: String {
            switch self {
            case .notAKernel(let name, let reason):
                return "'\(name)' is not a kernel: \(reason); give a kernel file (vmlinuz: a gzip'd ELF, or a bzImage)"
            case .corrupt(let name, let reason):
                return "cannot decompress the kernel '\(name)': \(reason); copy the kernel again"
            case .bzImageWithoutPayload(let name, let proto):
                return "'\(name)' is a bzImage of boot protocol \(proto), which has no payload fields (2.08 and later have them): Xen cannot load it as a PV guest; use a xenU kernel or a newer kernel"
            case .notX86(let name, let machine):
                return "'\(name)' is a kernel for \(machine), not x86: Xen PV guests here are x86 (i686 or x86_64) kernels"
            case .notXenGuest(let name, let machine):
                return "'\(name)' (\(machine)) has no Xen ELF notes or __xen_guest section: this kernel cannot boot as a PV guest; use a xenU kernel (kernel-xenU RPM, /boot/vmlinuz-*xenU)"
            case .notForGenericLoader(let name, let loader, let guestOS):
                return "'\(name)' is built for the loader '\(loader ?? "(none)")' and guest OS '\(guestOS ?? "(none)")': Xen loads only images built for the generic loader or Linux images; use a Linux xenU kernel"
            case .notForXen3(let name, let version):
                return "'\(name)' is built for Xen version '\(version ?? "(none)")': Xen loads only images built for xen-3.0 (the interface of every Xen 3.x and 4.x); use a xenU kernel built for Xen 3"
            }
        }
    }
}
