extension ArgumentBinder {
    /// A job argument that denotes a job this session started (or reused on replay): the
    /// reference becomes that job's id, and its normal form the session's own name for it,
    /// its variable (`j`) or the `outN` of the cell that started it (recorded as a
    /// dependency, so `session save` binds that cell). So a replay refers to the job it
    /// starts itself, never to whichever job has that id or name in another store, and a
    /// job name the session gave resolves to the session's job. Other references (a
    /// variable, a job of another session) are returned unchanged, except `_`/`outN`,
    /// which become a dependency on their cell.
    mutating func sessionJob(_ reference: String, text: String, written expression: Expression) -> (String, String) {
        if let name = expression.identifierName, session.value(named: name) != nil, !session.isCellReference(name) {
            return (reference, text)  // a variable: the replay binds it to its own job
        }
        if let origin = session.jobOrigin(of: reference) {
            if let binding = origin.binding, session.value(named: binding) == .string(String(origin.id)) {
                return (String(origin.id), NormalForm.name(binding))
            }
            dependencies.append(origin.cell)
            return (String(origin.id), "out\(origin.cell)")
        }
        if let name = expression.identifierName, session.isCellReference(name), let cell = session.cellNumber(referencedBy: name) {
            dependencies.append(cell)
            return (reference, "out\(cell)")
        }
        return (reference, text)
    }
}
