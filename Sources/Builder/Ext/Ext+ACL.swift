extension Ext {
    /// Converts a POSIX ACL from the Linux VFS xattr form (include/uapi/linux/posix_acl_xattr.h:
    /// version 2, then 8-byte entries tag u16, perm u16, id u32) into the ext2/ext3 on-disk form
    /// (fs/ext2/acl.h: version 1, 8-byte entries for ACL_USER and ACL_GROUP, 4-byte entries
    /// without the id for ACL_USER_OBJ, ACL_GROUP_OBJ, ACL_MASK and ACL_OTHER).
    static func diskACL(_ value: [UInt8], path: String, name: String) throws -> [UInt8] {
        guard value.count >= 4, (value.count - 4) % 8 == 0 else {
            throw WriteError.invalidACL(path: path, name: name, reason: "\(value.count) bytes is not a version-2 ACL (4 + 8n bytes)")
        }
        guard value.readLE32(at: 0) == 2 else {
            throw WriteError.invalidACL(path: path, name: name, reason: "version \(value.readLE32(at: 0)), expected 2")
        }
        var out = [UInt8](repeating: 0, count: 4)
        out.putLE32(1, at: 0)  // EXT2_ACL_VERSION
        for at in stride(from: 4, to: value.count, by: 8) {
            let tag = UInt16(value[at]) | UInt16(value[at + 1]) << 8
            switch tag {
            case 0x01, 0x04, 0x10, 0x20:  // USER_OBJ, GROUP_OBJ, MASK, OTHER: short entries
                out.append(contentsOf: value[at..<(at + 4)])
            case 0x02, 0x08:              // USER, GROUP: full entries with the id
                out.append(contentsOf: value[at..<(at + 8)])
            default:
                throw WriteError.invalidACL(path: path, name: name, reason: "unknown entry tag \(tag)")
            }
        }
        return out
    }
}
