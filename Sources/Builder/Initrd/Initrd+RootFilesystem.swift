extension Initrd {
    /// The type and mount options of "/" from the guest's /etc/fstab, as MK4 l.518-519 reads
    /// them: the first line not starting with '#' whose second field is "/". The initrd mounts
    /// the root with them (`mount -o <options> --ro -t <type> /dev/root /sysroot`), and the type
    /// names the module that may be needed (ext3 → ext3.ko and, through modules.dep, jbd.ko).
    ///
    /// After alignment the device is the Xen disk the fstab step wrote; if the line still names a
    /// LABEL= or /dev/mapper device, only its type and options are used: the initrd never needs LVM
    /// (the root device comes from `root=` on the kernel command line, MK4's `mkrootdev`).
    public struct RootFilesystem: Sendable, Equatable {
        public var type: String
        public var options: String

        public init(type: String, options: String) {
            self.type = type
            self.options = options
        }

        public init(fstab: String) throws {
            for line in fstab.split(separator: "\n") {
                let fields = ModprobeConf.fields(String(line))
                guard fields.count >= 3, !fields[0].hasPrefix("#"), fields[1] == "/" else { continue }
                // awk prints an empty options field; mount's own default is "defaults".
                self.init(type: fields[2], options: fields.count > 3 ? fields[3] : "defaults")
                return
            }
            throw Error.noRootLine
        }
    }
}
