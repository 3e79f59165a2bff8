extension DomainConfig {
    /// One virtual block device: the host side (an image file or a block device, reached through
    /// the recipe's access prefix) and the name the guest sees.
    public struct VBD: Sendable, Equatable {
        public var access: Recipe.Output.Access
        /// The image file or block device on the Xen host.
        public var target: String
        /// The guest's device name ("sda1" for a partition image, "sda" for a whole disk).
        public var vdev: String

        public init(access: Recipe.Output.Access, target: String, vdev: String) {
            self.access = access
            self.target = target
            self.vdev = vdev
        }

        /// xm (facts §5.1): `PREFIX:TARGET,VDEV,MODE`, exactly three fields.
        public var xm: String { "\(access.rawValue):\(target),\(vdev),w" }

        /// xl (xl-disk-configuration(5)): the keyword form, `target=` last because it takes the
        /// rest of the spec. xl strips the old access prefixes and picks the backend itself (a
        /// block device gets `phy`, a file a loop device or qdisk), so none is written: the same
        /// line serves every access, and no deprecated syntax is used.
        public var xl: String { "format=raw, vdev=\(vdev), access=rw, target=\(target)" }

        /// The devices of `recipe`'s guest, under `<imageDir>/<name>/` (files) or named
        /// `<imageDir>/<name>-<device>` (`phy`, the way xen-tools names its logical volumes).
        public static func all(of recipe: Recipe) -> [VBD] {
            let access = recipe.output.access
            func target(_ device: String) -> String {
                switch access {
                case .file, .tapAIO: return "\(recipe.output.imageDir)/\(recipe.name)/\(device).img"
                case .phy: return "\(recipe.output.imageDir)/\(recipe.name)-\(device)"
                }
            }
            if let disk = recipe.wholeDisk {
                return [VBD(access: access, target: target(disk), vdev: disk)]
            }
            return recipe.disks.map { VBD(access: access, target: target($0.device), vdev: $0.device) }
        }
    }
}
