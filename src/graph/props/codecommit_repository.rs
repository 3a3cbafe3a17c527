//! A CodeCommit repository's settings.

crate::typed_props! {
    /// A CodeCommit repository as the stack wants it, and as AWS reports it.
    pub struct CodeCommitRepositoryProps for CodeCommitRepository {
        /// Empty for none.
        pub description: String,
    }
}
