/// The changes users expect beyond the HowTo (recipe "customisation"), in this order: files to
/// add, paths to remove, services to switch on or off (as chkconfig would), root's password
/// hash, root's ssh authorized keys. The overlay folder or tarball is laid on by the bake itself.
///
/// Guest paths go through the guest's own directory links (/etc/init.d/foo lands in
/// /etc/rc.d/init.d/foo), as `cp` or `rm` run inside the guest would.
public struct CustomiseStep: AlignStep {
    public var name: String { "customise" }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case invalidPath(String)
        case directoryInTheWay(String)
        case unreadableSource(path: String, hostPath: String, reason: String)
        /// `glibc`: whose crypt() it is, e.g. "CentOS 4's glibc (2.3.4)".
        case unsupportedHash(prefix: String, glibc: String = "CentOS 4's glibc (2.3.4)")
        case invalidHash
        case noShadow
        case noRootInShadow
        case invalidKey(String)

        public var description: String {
            switch self {
            case .invalidPath(let p):
                return
                    "customisation path '\(p)' is not a path inside the guest (absolute, no '..', links that resolve)"
            case .directoryInTheWay(let p):
                return "customisation file \(p) would replace a directory of the guest; give the file's own path"
            case .unreadableSource(let path, let host, let reason):
                return "customisation file \(path): cannot read its source \(host) on the host: \(reason)"
            case .unsupportedHash(let prefix, let glibc):
                return
                    "root password hash starts with '\(prefix)': \(glibc) knows only DES and MD5 crypt, "
                    + "so root could not log in; give an MD5 hash ('$1$...', e.g. `openssl passwd -1`)"
            case .invalidHash:
                return
                    "root password hash contains ':', a line break or a control character, which would break /etc/shadow; give the crypt(3) "
                    + "hash alone ('$1$salt$...')"
            case .noShadow:
                return
                    "the guest has no /etc/shadow, so root's password cannot be set; is the source a complete CentOS 4 root?"
            case .noRootInShadow:
                return
                    "/etc/shadow in the guest has no line for root, so its password cannot be set; check the source tree"
            case .invalidKey(let k):
                return "ssh authorized key '\(k.prefix(40))...' spans several lines; give one key per entry"
            }
        }
    }

    public init() {}

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        let c = context.settings.customisation
        for file in c.files { try addFile(&editor, file) }
        for path in c.remove { try remove(&editor, path) }
        for svc in c.enableServices {
            try ChkconfigService.read(svc, in: editor).enable(&editor)
        }
        for svc in c.disableServices {
            try ChkconfigService.read(svc, in: editor).disable(&editor)
        }
        if let hash = c.rootPasswordHash { try setRootPassword(&editor, hash, facts: context.facts, time: context.time) }
        if !c.sshAuthorizedKeys.isEmpty { try addAuthorizedKeys(&editor, c.sshAuthorizedKeys) }
        if c.files.isEmpty && c.remove.isEmpty && c.enableServices.isEmpty && c.disableServices.isEmpty
            && c.rootPasswordHash == nil && c.sshAuthorizedKeys.isEmpty
        {
            editor.note("the recipe asks for no customisation")
        }
    }

    func addFile(_ editor: inout TreeEditor, _ file: AlignSettings.Customisation.File) throws {
        guard file.path.hasPrefix("/"), let path = editor.realPath(file.path), !path.isRoot else {
            throw Error.invalidPath(file.path)
        }
        if editor.node(path.description)?.isDirectory == true { throw Error.directoryInTheWay(file.path) }
        let bytes: [UInt8]
        switch file.content {
        case .text(let s):
            bytes = Array(s.utf8)
        case .source(let host):
            do {
                bytes = try HostPaths.readAll(host)
            } catch {
                throw Error.unreadableSource(path: file.path, hostPath: host, reason: "\(error)")
            }
        }
        try editor.write(
            path.description, bytes, permissions: file.permissions, owner: (file.uid, file.gid),
            detail: "\(bytes.count) bytes, mode \(String(file.permissions, radix: 8)), owner \(file.uid):\(file.gid)")
    }

    func remove(_ editor: inout TreeEditor, _ given: String) throws {
        guard given.hasPrefix("/"), let path = editor.realPath(given), !path.isRoot else {
            throw Error.invalidPath(given)
        }
        guard editor.exists(path.description) else {
            editor.note("\(given) is not in the guest: nothing to remove")
            return
        }
        try editor.remove(path.description, detail: "recipe")
    }
}
