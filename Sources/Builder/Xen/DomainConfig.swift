/// What a Xen domain config says about one guest, built from the same recipe and alignment that
/// wrote the guest's fstab, menu.lst and network files, so config and image agree on every device
/// name and path. Rendered in xm syntax (Xen 3, facts §5.1) and xl syntax (facts §5.2).
public struct DomainConfig: Sendable, Equatable {
    public enum Boot: Sendable, Equatable {
        /// `bootloader = "pygrub"`: the kernel and initrd are read from the guest's /boot.
        case pygrub
        /// Kernel (and ramdisk) files in dom0, with the kernel's root= and the rest of its arguments.
        case direct(kernel: String, ramdisk: String?, root: String, extra: String)
    }

    public var name: String
    /// 8-4-4-4-12 text, derived from the name so every bake of a recipe gives the same domain.
    public var uuid: String
    /// MiB.
    public var memory: Int
    public var vcpus: Int
    public var boot: Boot
    /// One per image the guest sees: per recipe disk in recipe order (`partitions` layout), or
    /// the one partitioned disk (`disk` layout).
    public var disks: [VBD]
    /// `mac=...,bridge=...` (bridge omitted when the recipe names none: the toolstack picks one).
    public var vifs: [String]
    public var onPoweroff = "destroy"
    public var onReboot = "restart"
    public var onCrash = "restart"

    public init(
        name: String, uuid: String, memory: Int, vcpus: Int, boot: Boot, disks: [VBD], vifs: [String]
    ) {
        self.name = name
        self.uuid = uuid
        self.memory = memory
        self.vcpus = vcpus
        self.boot = boot
        self.disks = disks
        self.vifs = vifs
    }

    /// The config for `recipe`'s guest; `kernel` is the one the alignment chose (needed unless
    /// the guest boots with pygrub).
    public static func make(_ recipe: Recipe, kernel: GuestKernel?) throws(DomainConfigError) -> DomainConfig {
        let folder = recipe.output.imageDir + "/" + recipe.name
        let settings = recipe.align
        let boot: Boot
        switch settings.kernel.boot {
        case .pygrub:
            boot = .pygrub
        case .dom0, .static:
            guard let kernel, let kernelName = kernel.imagePath.last else { throw .noKernel(guest: recipe.name) }
            guard let rootDisk = recipe.rootDisk else { throw .noRootDisk(guest: recipe.name) }
            let root = GuestDisk(device: rootDisk.device, mount: GuestPath.root, fsType: "")
            // The words menu.lst gives the kernel: "root=/dev/sda1 ro", the recipe's, the console.
            let words = MenuLstStep.arguments(root: root, kernel: kernel, recipeArgs: settings.kernel.args)
                .split(separator: " ").map(String.init)
            let ramdisk: String?
            if settings.kernel.boot == .dom0, let name = kernel.initrdPath?.last {
                ramdisk = folder + "/" + name.description
            } else {
                ramdisk = nil
            }
            boot = .direct(
                kernel: folder + "/" + kernelName.description, ramdisk: ramdisk,
                root: "/dev/\(rootDisk.device) ro", extra: words.dropFirst(2).joined(separator: " "))
        }
        let disks = VBD.all(of: recipe)
        let vifs = settings.network.enumerated().map { index, nic in
            var spec = "mac=" + (nic.mac ?? derivedMAC(guest: recipe.name, interface: index))
            if let bridge = nic.bridge { spec += ",bridge=\(bridge)" }
            return spec
        }
        return DomainConfig(
            name: recipe.name, uuid: DiskIdentity.text(DiskIdentity.uuid(.domainUUID, guest: recipe.name, device: "")),
            memory: settings.memory, vcpus: settings.vcpus, boot: boot, disks: disks, vifs: vifs)
    }

    /// A MAC in Xen's OUI 00:16:3e whose first own byte is below 0x80, as xend's randomMAC()
    /// draws them (facts §5.1), but derived from the guest's name and the interface's index.
    public static func derivedMAC(guest: String, interface: Int) -> String {
        let bytes = DiskIdentity.uuid(.vifMAC, guest: guest, device: "eth\(interface)")
        let own = [bytes[0] & 0x7F, bytes[1], bytes[2]]
        return (["00", "16", "3e"] + own.map { String($0, radix: 16).leftPadded(to: 2) }).joined(separator: ":")
    }
}
