/// One step of aligning a guest tree to Xen: one job of the HowTo (fstab, console, initrd, ...).
///
/// A step is pure with respect to the host: it reads and edits the tree through the editor, and
/// reads nothing of the host's own /etc. Everything it changes lands in the editor's change list,
/// which becomes its lines in the build report and its part of `builder check`'s plan.
public protocol AlignStep {
    /// The step's name in reports ("fstab", "console", "initrd").
    var name: String { get }
    func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws
}

extension AlignStep {
    /// Runs the step on `tree`; returns the edited tree and what changed.
    public func run(on tree: Tree, context: AlignContext) throws -> (Tree, [TreeChange]) {
        var editor = TreeEditor(tree: tree, step: name, time: context.time)
        try apply(&editor, context)
        return (editor.tree, editor.changes)
    }
}
